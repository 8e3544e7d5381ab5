package dsmipha.common.log;

/**
 * JSON Lines (RFC 8259 objects, one per line): {@code {"ts":"...","level":"warn","event":"...",...}}. Strings are
 * escaped per RFC 8259 §7: quote, backslash and control characters; numbers and booleans are bare.
 */
public final class JsonLineFormatter extends LineFormatter
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    @Override
    protected void begin(final StringBuilder out)
    {
        out.append('{');
    }

    @Override
    protected void key(final StringBuilder out, final CharSequence key, final boolean first)
    {
        if (!first)
        {
            out.append(',');
        }
        out.append('"').append(key).append("\":");
    }

    @Override
    protected void value(final StringBuilder out, final CharSequence value, final boolean plain)
    {
        out.append('"');
        if (plain)
        {
            out.append(value);
        }
        else
        {
            escape(out, value);
        }
        out.append('"');
    }

    @Override
    protected void end(final StringBuilder out)
    {
        out.append('}');
    }

    // RFC 8259 §7: quotation mark, reverse solidus and U+0000..U+001F must be escaped.
    private static void escape(final StringBuilder out, final CharSequence value)
    {
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029')
                    {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
    }
}
