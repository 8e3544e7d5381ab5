package dsmipha.fastpath.worker;

/**
 * Where the classifier sends each packet of a burst (VPP's "next node" index). The reason for a punt or a drop is
 * kept beside it as a {@link FastpathCounter} ordinal.
 */
public final class Next
{
    /** Route as IPv4: decrement TTL, look up a binding for the destination, tunnel or route natively. */
    public static final int FORWARD_IPV4 = 0;
    /** Route as IPv6: decrement hop limit, look up a binding for the destination, tunnel or route natively. */
    public static final int FORWARD_IPV6 = 1;
    /** Copy to the punt ring for the slowpath, then free. */
    public static final int PUNT = 2;
    /** Free and count the reason. */
    public static final int DROP = 3;
    /** A tunnel from a mobile node to the home agent: decapsulate, check, then route the inner packet. */
    public static final int DECAP = 4;

    private Next()
    {
    }
}
