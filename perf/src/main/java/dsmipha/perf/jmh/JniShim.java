package dsmipha.perf.jmh;

import dsmipha.shim.NativeLibraries;

/**
 * JNI binding of the shim's benchmark entry points, for {@link NativeCallBenchmark} only: the glue in
 * {@code perf/native/dsmipha_perf_jni.c} forwards each call to the shim function of the same name, compiled into
 * {@code libdsmipha_perf_jni.so} from the shim's sources. The production binding is FFM ({@code NativeShim}).
 * <p>
 * The library is extracted from the jar unless {@code -Ddsmipha.perf.jni.path=...} names it.
 */
public final class JniShim
{
    /** System property naming a {@code libdsmipha_perf_jni.so} to load instead of the one in the jar. */
    public static final String JNI_PATH_PROP_NAME = "dsmipha.perf.jni.path";

    static
    {
        System.load(NativeLibraries.locate(JniShim.class, "dsmipha_perf_jni", JNI_PATH_PROP_NAME).toString());
    }

    private JniShim()
    {
    }

    /**
     * {@code dsmipha_shim_noop()}.
     */
    public static native void noop();

    /**
     * {@code dsmipha_shim_touch(ring, n)}.
     *
     * @param ringAddress address of an initialised ring.
     * @param n           slot selector.
     * @return the new length.
     */
    public static native int touch(long ringAddress, int n);

    /**
     * {@code dsmipha_shim_fill(ring, n)}.
     *
     * @param ringAddress address of an initialised ring.
     * @param n           descriptors to produce.
     * @return descriptors produced.
     */
    public static native int fill(long ringAddress, int n);
}
