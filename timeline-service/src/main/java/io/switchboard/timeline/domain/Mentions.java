package io.switchboard.timeline.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a comment mentions: the explicit agent ids plus every {@code @handle} in the text, where a handle is the
 * agent's id (the JWT subject, e.g. {@code @agent-ana}). An e-mail address is not a mention (no word character
 * may precede the {@code @}); a trailing dot or dash is punctuation, not part of the handle.
 */
public final class Mentions {

    public static final int MAX = 50;
    private static final Pattern HANDLE = Pattern.compile("(?<![A-Za-z0-9._%+-])@([A-Za-z0-9][A-Za-z0-9._-]{0,127})");

    public static Set<String> of(String text, List<String> explicit, String author) {
        Set<String> out = new LinkedHashSet<>();
        if (explicit != null) {
            explicit.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        Matcher m = HANDLE.matcher(text == null ? "" : text);
        while (m.find()) {
            out.add(m.group(1).replaceAll("[._-]+$", ""));
        }
        out.remove(author); // mentioning yourself notifies nobody
        return out;
    }

    private Mentions() {
    }
}
