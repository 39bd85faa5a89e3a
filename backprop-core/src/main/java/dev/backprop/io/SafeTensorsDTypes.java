package dev.backprop.io;

import java.util.Map;
import java.util.Optional;

/**
 * The safetensors names of the element types Backprop supports ({@code F32, F64, I32, I64, U8}),
 * and plain-language descriptions of the ones it refuses, for error messages.
 */
final class SafeTensorsDTypes {

    /** The list every dtype message ends with. */
    static final String SUPPORTED = "Backprop reads F32, F64, I32, I64, U8";

    /**
     * Types other safetensors writers produce (PyTorch, JAX, quantisation tools). Knowing them lets
     * the message say "valid but unsupported" rather than "unknown", which points at the fix
     * (convert before saving) instead of at a corrupt file.
     */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("BOOL", "bool"),
            Map.entry("I8", "int8"),
            Map.entry("I16", "int16"),
            Map.entry("U16", "uint16"),
            Map.entry("U32", "uint32"),
            Map.entry("U64", "uint64"),
            Map.entry("F16", "float16"),
            Map.entry("BF16", "bfloat16"),
            Map.entry("F8_E4M3", "float8 e4m3"),
            Map.entry("F8_E5M2", "float8 e5m2"),
            Map.entry("F8_E8M0", "float8 e8m0"),
            Map.entry("F6_E2M3", "float6 e2m3"),
            Map.entry("F6_E3M2", "float6 e3m2"),
            Map.entry("F4", "float4"),
            Map.entry("C64", "complex64"));

    private SafeTensorsDTypes() {
    }

    /** The safetensors name written to headers, e.g. {@code "F32"}. */
    static String name(NpyDType dtype) {
        switch (dtype) {
            case FLOAT32:
                return "F32";
            case FLOAT64:
                return "F64";
            case INT32:
                return "I32";
            case INT64:
                return "I64";
            case UINT8:
                return "U8";
            default:
                throw new AssertionError(dtype);
        }
    }

    /** The supported type a header name denotes; names are case-sensitive, as in the format. */
    static Optional<NpyDType> fromName(String name) {
        switch (name) {
            case "F32":
                return Optional.of(NpyDType.FLOAT32);
            case "F64":
                return Optional.of(NpyDType.FLOAT64);
            case "I32":
                return Optional.of(NpyDType.INT32);
            case "I64":
                return Optional.of(NpyDType.INT64);
            case "U8":
                return Optional.of(NpyDType.UINT8);
            default:
                return Optional.empty();
        }
    }

    /** Why {@code name} is refused, e.g. {@code "unsupported dtype BF16 (bfloat16); Backprop reads ..."}. */
    static String refusal(String name) {
        String known = UNSUPPORTED.get(name);
        if (known != null) {
            return "unsupported dtype " + name + " (" + known + "); " + SUPPORTED
                    + "; convert the tensor before saving, e.g. t.float() in PyTorch";
        }
        return "unknown dtype " + JsonText.quote(name) + ", not a safetensors type name; " + SUPPORTED;
    }
}
