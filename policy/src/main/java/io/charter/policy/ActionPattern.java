package io.charter.policy;

import java.util.Locale;

/**
 * One {@code Action}/{@code NotAction} entry, case-folded at compile time. When the service prefix
 * has no wildcard (the usual case) only the name part is matched, after the caller's index has
 * already selected the service. Immutable and thread-safe.
 *
 * @param text the entry as written
 * @param service the lower-cased service prefix, or null when it holds a wildcard (or the entry is {@code *})
 * @param name the lower-cased name part when {@code service} is set
 * @param full the whole lower-cased entry, used when {@code service} is null
 */
record ActionPattern(String text, String service, Glob name, Glob full) {
    static ActionPattern compile(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int colon = lower.indexOf(':');
        if (colon < 0) {
            return new ActionPattern(text, null, null, Glob.wildcard(lower));
        }
        String service = lower.substring(0, colon);
        if (service.indexOf('*') >= 0 || service.indexOf('?') >= 0) {
            return new ActionPattern(text, null, null, Glob.wildcard(lower));
        }
        return new ActionPattern(text, service, Glob.wildcard(lower.substring(colon + 1)), null);
    }

    boolean matches(RequestContext r, Trace work) {
        if (service != null) {
            return service.equals(r.service()) && name.matches(r.actionName(), work);
        }
        return full.matches(r.actionLower(), work);
    }
}
