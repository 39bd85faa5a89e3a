package dev.backprop.bench;

import dev.backprop.tensor.Kernels;

/** What a measurement ran on: the JDK, the kernel path and the processor count. */
public record RuntimeInfo(String jdk, String kernels, int processors) {

    /** The running JVM's description, e.g. {@code 25.0.1 (Eclipse Adoptium, OpenJDK 64-Bit Server VM)}. */
    public static RuntimeInfo current() {
        String jdk = System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.vm.name") + ")";
        return new RuntimeInfo(jdk, Kernels.description(), Runtime.getRuntime().availableProcessors());
    }
}
