package io.switchboard.timeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Attachments of any type but executables, by name and by content (plain unit test). */
class ExecutableCheckTest {

    private static final String PDF = "255044462d312e37"; // %PDF-1.7

    @ParameterizedTest(name = "{0} starting {1}: {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # file name        | first bytes (hex)  | refused because (empty = accepted)
              report.pdf         | 255044462d312e37   |
              archive.tar.gz     | 1f8b0800           |
              notes              | 68656c6c6f         |
              -                  | 255044462d312e37   |
              photo.jpeg         |                    |
              setup.exe          | 255044462d312e37   | executable file name (.exe)
              SETUP.EXE          |                    | executable file name (.exe)
              '  run.Sh  '       |                    | executable file name (.sh)
              .bash              |                    | executable file name (.bash)
              lib.dll            |                    | executable file name (.dll)
              app.jar            |                    | executable file name (.jar)
              setup.exe.txt      | 68656c6c6f         |
              invoice.pdf        | 7f454c4602010100   | ELF executable
              invoice.pdf        | 4d5a9000           | Windows PE/MZ executable
              invoice.pdf        | cffaedfe07000001   | Mach-O executable
              invoice.pdf        | feedface           | Mach-O executable
              invoice.pdf        | cafebabe0000       | Mach-O executable
              invoice.txt        | 23212f62696e2f7368 | script with a shebang (#!)
              invoice.txt        | 7f45               |
              invoice.txt        | 23                 |
              invoice.txt        | 2320232123         |
            """)
    void refuses(String name, String headHex, String reason) {
        byte[] head = headHex == null ? new byte[0] : HexFormat.of().parseHex(headHex);
        assertEquals(Optional.ofNullable(reason), ExecutableCheck.refuse(name, head));
    }

    @org.junit.jupiter.api.Test
    void aShebangAnywhereButTheStartIsText() {
        byte[] text = "echo hi\n#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
        assertTrue(ExecutableCheck.refuse("readme.md", text).isEmpty());
    }
}
