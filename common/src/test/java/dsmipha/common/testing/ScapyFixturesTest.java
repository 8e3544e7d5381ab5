package dsmipha.common.testing;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed codec fixtures must be exactly what the scapy scripts of this module produce.
 */
class ScapyFixturesTest
{
    @Test
    void committedFixturesAreWhatScapyBuilds(@TempDir final Path out) throws Exception
    {
        ScapyFixtures.assertCommittedMatchScripts(
            Path.of("src/test/scapy"), Path.of("src/test/resources/fixtures"), out);
    }
}
