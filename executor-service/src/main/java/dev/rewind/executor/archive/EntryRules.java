package dev.rewind.executor.archive;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an archive's entries may be, judged on the entries alone, so that verifying a backup (step 1.3) and
 * extracting it (step 2.3) refuse exactly the same archives. Names are relative, free of {@code ..},
 * control characters and duplicates; no entry lies under a file or a link of the archive; a hard link
 * names a regular file the archive wrote before it; a symbolic link must resolve, through every other
 * link of the archive, to a path inside the tree. Links are judged once the whole archive is known
 * ({@link #symbolicLinks()}), as GNU tar creates them last: a chain of links that each look harmless
 * ({@code a -> .}, {@code b -> a/..}) is followed as the file system would follow it.
 */
final class EntryRules {
    /** How many links one resolution may pass through (Linux stops at 40). */
    private static final int MAX_HOPS = 40;

    enum Kind { DIRECTORY, FILE, HARD_LINK, SYMBOLIC_LINK }

    private final Map<Path, Kind> entries = new HashMap<>();
    private final Map<Path, String> links = new LinkedHashMap<>();

    /** Admits one entry; its name as a path relative to the tree's root. */
    Path admit(String rawName, Kind kind, String linkName) throws HostileArchiveException {
        Path relative = Path.of(checkedName(rawName));
        if (relative.toString().isEmpty()) {
            if (kind != Kind.DIRECTORY) {
                throw new HostileArchiveException(rawName + ": only a directory may name the root");
            }
            return relative;
        }
        for (Path parent = relative.getParent(); parent != null; parent = parent.getParent()) {
            Kind above = entries.get(parent);
            if (above == Kind.SYMBOLIC_LINK) {
                throw new HostileArchiveException(rawName + ": would be written through the link " + parent);
            }
            if (above != null && above != Kind.DIRECTORY) {
                throw new HostileArchiveException(rawName + ": lies under " + parent + ", which is not a directory");
            }
        }
        Kind before = entries.get(relative);
        if (before != null && !(before == Kind.DIRECTORY && kind == Kind.DIRECTORY)) {
            throw new HostileArchiveException(rawName + ": a second entry of the same name (a " + before.name().toLowerCase()
                    + " came first)");
        }
        if (kind == Kind.HARD_LINK) {
            Path linked = Path.of(checkedName(linkName == null ? "" : linkName));
            if (entries.get(linked) != Kind.FILE) {
                throw new HostileArchiveException(rawName + ": a hard link may only name a regular file written before it ("
                        + linkName + " is not one)");
            }
        }
        if (kind == Kind.SYMBOLIC_LINK) {
            if (linkName == null || linkName.isEmpty() || linkName.startsWith("/")) {
                throw new HostileArchiveException(rawName + ": a link to an absolute path (" + linkName + ") is refused");
            }
            checkCharacters(linkName, rawName);
            links.put(relative, linkName);
        }
        entries.put(relative, kind);
        for (Path parent = relative.getParent(); parent != null; parent = parent.getParent()) {
            entries.putIfAbsent(parent, Kind.DIRECTORY);
        }
        return relative;
    }

    /** The archive's symbolic links (link → what it points to), once every one is known to stay inside. */
    Map<Path, String> symbolicLinks() throws HostileArchiveException {
        for (Map.Entry<Path, String> link : links.entrySet()) {
            Path base = link.getKey().getParent() == null ? Path.of("") : link.getKey().getParent();
            resolveInside(base, link.getValue(), link.getKey());
        }
        return links;
    }

    /** Follows {@code target} from {@code base} component by component, through the archive's links. */
    private void resolveInside(Path base, String target, Path link) throws HostileArchiveException {
        Deque<String> pending = new ArrayDeque<>(List.of(target.split("/")));
        List<String> at = new ArrayList<>();
        base.forEach(part -> at.add(part.toString()));
        int hops = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    throw new HostileArchiveException(link + ": link to " + links.get(link) + " points outside the target");
                }
                at.remove(at.size() - 1);
                continue;
            }
            Path candidate = Path.of(String.join("/", at), part);
            String through = links.get(candidate);
            if (through == null) {
                at.add(part);
                continue;
            }
            if (++hops > MAX_HOPS) {
                throw new HostileArchiveException(link + ": more than " + MAX_HOPS + " links deep (a loop?)");
            }
            List<String> expanded = new ArrayList<>(List.of(through.split("/")));
            for (int i = expanded.size() - 1; i >= 0; i--) {
                pending.addFirst(expanded.get(i));
            }
        }
    }

    static String checkedName(String raw) throws HostileArchiveException {
        String name = raw;
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        if (name.isEmpty() || name.equals(".")) {
            return "";
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new HostileArchiveException(raw + ": absolute paths are refused");
        }
        checkCharacters(name, raw);
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String part : trimmed.split("/")) {
            if (part.equals("..")) {
                throw new HostileArchiveException(raw + ": '..' would escape the target");
            }
            if (part.isEmpty() || part.equals(".")) {
                throw new HostileArchiveException(raw + ": empty or '.' path components are refused");
            }
        }
        return trimmed;
    }

    private static void checkCharacters(String name, String raw) throws HostileArchiveException {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || c == '\\') {
                throw new HostileArchiveException(printable(raw) + ": names with control characters or backslashes are refused");
            }
        }
    }

    private static String printable(String raw) {
        return raw.replaceAll("\\p{Cntrl}", "?");
    }
}
