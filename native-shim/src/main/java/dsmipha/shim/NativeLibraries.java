package dsmipha.shim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds native libraries that ship inside a jar under {@code /native/<os>-<arch>/lib<name>.so} and copies them to
 * a private temporary directory, from which {@code SymbolLookup.libraryLookup} or {@code System.load} can open
 * them. The copies are deleted when the JVM exits.
 * <p>
 * Thread safe; called once per library at class initialisation, never on the packet path.
 */
public final class NativeLibraries
{
    private NativeLibraries()
    {
    }

    /**
     * @return the platform folder name used in the jar, e.g. {@code linux-x86_64}.
     */
    public static String platform()
    {
        final String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(" ", "");
        final String arch = System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT);
        final String normalisedArch = switch (arch)
        {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
        return os + "-" + normalisedArch;
    }

    /**
     * @param libraryName without the {@code lib} prefix and {@code .so} suffix, e.g. {@code dsmipha_shim}.
     * @return the class path resource that holds the library for this platform.
     */
    public static String resourcePath(final String libraryName)
    {
        return "/native/" + platform() + "/lib" + libraryName + ".so";
    }

    /**
     * Return the library named by a system property if it is set, else extract it from the class path.
     *
     * @param owner        class whose loader holds the resource.
     * @param libraryName  without the {@code lib} prefix and {@code .so} suffix.
     * @param pathPropName system property that overrides the extraction with a file path.
     * @return absolute path of the library file.
     * @throws IllegalStateException if the override names a missing file or the resource is missing.
     */
    public static Path locate(final Class<?> owner, final String libraryName, final String pathPropName)
    {
        final String overridePath = System.getProperty(pathPropName);
        if (null != overridePath && !overridePath.isBlank())
        {
            final Path path = Path.of(overridePath).toAbsolutePath();
            if (!Files.isRegularFile(path))
            {
                throw new IllegalStateException("-D" + pathPropName + "=" + overridePath + " is not a file");
            }
            return path;
        }
        return extract(owner, libraryName, pathPropName);
    }

    private static Path extract(final Class<?> owner, final String libraryName, final String pathPropName)
    {
        final String resource = resourcePath(libraryName);
        try (InputStream in = owner.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IllegalStateException(
                    "no " + resource + " on the class path: the jar was built without the native library for " +
                    platform() + " (build it with gcc and make), or give its path with -D" + pathPropName + "=...");
            }
            final Path dir = Files.createTempDirectory("dsmipha-" + libraryName + "-");
            final Path file = dir.resolve("lib" + libraryName + ".so");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extract " + resource + " to a temporary directory (is " +
                System.getProperty("java.io.tmpdir") + " writable? else set -D" + pathPropName + "=...)", ex);
        }
    }
}
