package io.switchboard.timeline.domain;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Attachments may be of any type except executables, recognised by content as well as by name. */
public final class ExecutableCheck {

    private static final Set<String> EXTENSIONS = Set.of("exe", "bat", "cmd", "com", "msi", "msp", "sh", "bash",
            "zsh", "csh", "ps1", "psm1", "app", "dll", "so", "dylib", "scr", "pif", "cpl", "vbs", "vbe", "wsf", "ws",
            "jar", "apk", "run", "elf", "reg", "hta", "gadget", "command");

    /** @return why the file is refused, or empty when it is fine */
    public static Optional<String> refuse(String fileName, byte[] head) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT).strip();
        int dot = name.lastIndexOf('.');
        if (dot >= 0 && EXTENSIONS.contains(name.substring(dot + 1))) {
            return Optional.of("executable file name (." + name.substring(dot + 1) + ")");
        }
        return magic(head);
    }

    static Optional<String> magic(byte[] h) {
        if (starts(h, "7f454c46")) {
            return Optional.of("ELF executable");
        }
        if (starts(h, "4d5a")) {
            return Optional.of("Windows PE/MZ executable");
        }
        for (String macho : new String[] {"feedface", "feedfacf", "cefaedfe", "cffaedfe", "cafebabe"}) {
            if (starts(h, macho)) {
                return Optional.of("Mach-O executable");
            }
        }
        if (starts(h, "2321")) {
            return Optional.of("script with a shebang (#!)");
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] h, String hex) {
        byte[] magic = HexFormat.of().parseHex(hex);
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (h[i] != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private ExecutableCheck() {
    }
}
