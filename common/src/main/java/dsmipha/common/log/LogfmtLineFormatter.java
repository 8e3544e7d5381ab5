package dsmipha.common.log;

/**
 * logfmt: {@code ts=... level=warn event=registration.rejected category=security home=2001:db8::1 status=133}.
 * A value is quoted when it is empty or holds a space, '=', a quote or a control character; inside quotes a quote
 * and a backslash are escaped with a backslash and line breaks as {@code \n}, {@code \r}, {@code \t}, so one event
 * is always one line.
 */
public final class LogfmtLineFormatter extends LineFormatter
{
    @Override
    protected void begin(final StringBuilder out)
    {
    }

    @Override
    protected void key(final StringBuilder out, final CharSequence key, final boolean first)
    {
        if (!first)
        {
            out.append(' ');
        }
        out.append(key).append('=');
    }

    @Override
    protected void value(final StringBuilder out, final CharSequence value, final boolean plain)
    {
        if (plain || !needsQuotes(value))
        {
            out.append(value);
            return;
        }
        out.append('"');
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
                default -> out.append(c < 0x20 || c == 0x7F ? '?' : c);
            }
        }
        out.append('"');
    }

    @Override
    protected void end(final StringBuilder out)
    {
    }

    private static boolean needsQuotes(final CharSequence value)
    {
        if (value.length() == 0)
        {
            return true;
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c <= ' ' || c == '=' || c == '"' || c == '\\' || c == 0x7F)
            {
                return true;
            }
        }
        return false;
    }
}
