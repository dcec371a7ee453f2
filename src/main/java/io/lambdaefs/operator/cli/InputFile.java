package io.lambdaefs.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file named on the command line, read whole only if it is what it should be: a UTF-8 text file
 * of bounded size. Anything else fails at once with one line naming the path, before any parsing.
 */
record InputFile(String name, String text) {
  /** A LambdaEfsMount file or a world file is a few kilobytes; this is far beyond either. */
  static final int MAX_BYTES = StrictYaml.MAX_CODE_POINTS;

  /** Why a file could not be read: {@code getMessage()} names the path. */
  static final class Unreadable extends IOException {
    final String file;

    Unreadable(String file, String why) {
      super(file + ": " + why);
      this.file = file;
    }
  }

  static InputFile read(String file, InputStream stdin) throws Unreadable {
    if ("-".equals(file)) {
      try {
        return new InputFile("<stdin>", text("<stdin>", stdin.readNBytes(MAX_BYTES + 1)));
      } catch (IOException e) {
        throw new Unreadable("<stdin>", String.valueOf(e.getMessage()));
      }
    }
    Path path = Path.of(file);
    if (Files.isDirectory(path)) {
      throw new Unreadable(file, "is a directory, not a file");
    }
    try {
      if (!Files.isRegularFile(path)) {
        throw Files.exists(path)
            ? new Unreadable(file, "is not a regular file")
            : new Unreadable(file, "no such file");
      }
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw tooLarge(file, size);
      }
      try (InputStream in = Files.newInputStream(path)) {
        return new InputFile(file, text(file, in.readNBytes(MAX_BYTES + 1)));
      }
    } catch (NoSuchFileException e) {
      throw new Unreadable(file, "no such file");
    } catch (AccessDeniedException e) {
      throw new Unreadable(file, "permission denied");
    } catch (Unreadable e) {
      throw e;
    } catch (IOException e) {
      throw new Unreadable(file, String.valueOf(e.getMessage()));
    }
  }

  private static String text(String file, byte[] bytes) throws Unreadable {
    if (bytes.length > MAX_BYTES) {
      throw tooLarge(file, bytes.length);
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw new Unreadable(file, "is not a text file (a NUL byte at offset " + i + ")");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable(file, "is not UTF-8 text");
    }
  }

  private static Unreadable tooLarge(String file, long size) {
    return new Unreadable(
        file,
        (size > MAX_BYTES + 1 ? "is " + size + " bytes, more" : "holds more")
            + " than the 1 MiB read at most (a LambdaEfsMount is a few hundred bytes); not parsed");
  }
}
