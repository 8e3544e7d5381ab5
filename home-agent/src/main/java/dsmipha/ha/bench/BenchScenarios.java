package dsmipha.ha.bench;

import java.util.List;

/**
 * The scenario names of {@code dsmip-ha bench} (issue 8; docs/bench.md) and the encapsulation variants.
 */
public final class BenchScenarios
{
    /** Correspondent packets to home addresses, encapsulated towards the care-of addresses. */
    public static final String DOWNLINK = "downlink";
    /** Mobile nodes' reverse-tunnelled packets, decapsulated, checked and routed. */
    public static final String UPLINK = "uplink";
    /** Both directions, every variant, IPv4 and IPv6 home addresses. */
    public static final String MIX = "mix";
    /** ESP encryption on the downlink (needs IPsec, issue 6). */
    public static final String ESP_ENCRYPT = "esp-encrypt";
    /** ESP decryption on the uplink (needs IPsec, issue 6). */
    public static final String ESP_DECRYPT = "esp-decrypt";
    /** A Binding Update storm over registered bindings. */
    public static final String SIGNALING = "signaling";
    /** A ramp to N bindings through Binding Updates. */
    public static final String REGISTRATION = "registration";
    /** N bindings kept in a state directory across a close and a start. */
    public static final String RESTART = "restart";

    /** Every scenario name, in the order the issue lists them. */
    public static final List<String> ALL =
        List.of(DOWNLINK, UPLINK, MIX, ESP_ENCRYPT, ESP_DECRYPT, SIGNALING, REGISTRATION, RESTART);
    /** What runs without {@code --scenario}: everything that is built. */
    public static final List<String> DEFAULT_SET = List.of(DOWNLINK, UPLINK, MIX, SIGNALING, REGISTRATION, RESTART);
    /** The encapsulation variants, as {@code --encap} names them. */
    public static final List<String> VARIANTS = List.of("6in6", "4in6", "6in4", "4in4", "4inUDP", "6inUDP");

    /** Printed (stderr) for the ESP scenarios; the command exits 2. */
    public static final String ESP_NOT_BUILT = "dsmip-ha bench: the ESP scenarios need IPsec, which this build " +
        "does not have yet (issue 6): no numbers are made up for them";

    private BenchScenarios()
    {
    }

    /**
     * @param scenario a scenario name.
     * @return true for the packet forwarding scenarios.
     */
    public static boolean isTraffic(final String scenario)
    {
        return DOWNLINK.equals(scenario) || UPLINK.equals(scenario) || MIX.equals(scenario);
    }

    /**
     * @param scenario a scenario name.
     * @return true for the ESP scenarios.
     */
    public static boolean isEsp(final String scenario)
    {
        return ESP_ENCRYPT.equals(scenario) || ESP_DECRYPT.equals(scenario);
    }
}
