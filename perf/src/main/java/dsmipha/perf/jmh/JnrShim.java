package dsmipha.perf.jmh;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;

import dsmipha.shim.NativeShim;

/**
 * jnr-ffi binding of the shim's benchmark entry points, for {@link NativeCallBenchmark} only. Every method carries
 * {@link IgnoreError}: without it jnr-ffi saves {@code errno} after each call, which the shim never sets.
 * It opens the same file as {@link NativeShim#libraryPath()}.
 */
public interface JnrShim
{
    /**
     * {@code dsmipha_shim_noop()}.
     */
    @IgnoreError
    void dsmipha_shim_noop();

    /**
     * {@code dsmipha_shim_touch(ring, n)}.
     *
     * @param ring an initialised ring.
     * @param n    slot selector.
     * @return the new length.
     */
    @IgnoreError
    int dsmipha_shim_touch(Pointer ring, int n);

    /**
     * {@code dsmipha_shim_fill(ring, n)}.
     *
     * @param ring an initialised ring.
     * @param n    descriptors to produce.
     * @return descriptors produced.
     */
    @IgnoreError
    int dsmipha_shim_fill(Pointer ring, int n);

    /**
     * @return the binding, loaded from the file the FFM binding uses.
     */
    static JnrShim load()
    {
        return LibraryLoader.create(JnrShim.class).failImmediately().load(NativeShim.libraryPath().toString());
    }
}
