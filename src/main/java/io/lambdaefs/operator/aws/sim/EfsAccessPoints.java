package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.EFS;
import static io.lambdaefs.operator.aws.sim.SimEfs.badRequest;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.FileSystem;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointLimitExceededException;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.IncorrectFileSystemLifeCycleStateException;
import software.amazon.awssdk.services.efs.model.Tag;

/** CreateAccessPoint validation and bookkeeping (client tokens, limits, the creating state). */
final class EfsAccessPoints {
  static final int LIMIT_PER_FILE_SYSTEM = 10_000;
  private static final Pattern PERMISSIONS = Pattern.compile("^[0-7]{3,4}$");
  private static final long MAX_ID = 4294967295L;

  private EfsAccessPoints() {}

  static AccessPoint create(World world, CreateAccessPointRequest r, Instant now, Duration delay) {
    // The SDK fills an idempotency token when the caller leaves it out; so does the simulation.
    String token = r.clientToken() == null ? UUID.randomUUID().toString() : r.clientToken();
    if (token.isEmpty() || token.length() > 64) {
      throw badRequest(
          "1 validation error detected: Value at 'clientToken' failed to satisfy constraint: Member"
              + " must have length between 1 and 64");
    }
    AccessPoint ap = new AccessPoint();
    ap.clientToken = token;
    if (r.posixUser() != null) {
      ap.uid = checkId("PosixUser.Uid", r.posixUser().uid());
      ap.gid = checkId("PosixUser.Gid", r.posixUser().gid());
      if (r.posixUser().hasSecondaryGids()) {
        if (r.posixUser().secondaryGids().size() > 16) {
          throw badRequest("PosixUser.SecondaryGids can contain at most 16 ids.");
        }
        r.posixUser()
            .secondaryGids()
            .forEach(g -> ap.secondaryGids.add(checkId("PosixUser.SecondaryGids", g)));
      }
    }
    if (r.rootDirectory() != null) {
      String path = r.rootDirectory().path() == null ? "/" : r.rootDirectory().path();
      if (!path.startsWith("/") || path.length() > 100) {
        throw badRequest(
            "1 validation error detected: Value '"
                + path
                + "' at 'rootDirectory.path' failed to"
                + " satisfy constraint: Member must have length less than or equal to 100 and be an absolute path");
      }
      long levels = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).count();
      if (levels > 4) {
        throw badRequest(
            "Path '" + path + "' has " + levels + " subdirectory levels; at most 4 are allowed.");
      }
      ap.path = path;
      var ci = r.rootDirectory().creationInfo();
      if (ci != null) {
        if (ci.permissions() == null || !PERMISSIONS.matcher(ci.permissions()).matches()) {
          throw badRequest(
              "1 validation error detected: Value '"
                  + ci.permissions()
                  + "' at"
                  + " 'rootDirectory.creationInfo.permissions' failed to satisfy constraint: Member must satisfy regular"
                  + " expression pattern: ^[0-7]{3,4}$");
        }
        ap.ownerUid = checkId("CreationInfo.OwnerUid", ci.ownerUid());
        ap.ownerGid = checkId("CreationInfo.OwnerGid", ci.ownerGid());
        ap.permissions = ci.permissions();
      }
    }
    if (r.hasTags()) {
      if (r.tags().size() > 50) {
        throw badRequest("At most 50 tags are allowed.");
      }
      for (Tag t : r.tags()) {
        ap.tags.put(t.key(), t.value());
      }
    }
    FileSystem fs = r.fileSystemId() == null ? null : world.fileSystems.get(r.fileSystemId());
    if (fs == null) {
      throw SimEfs.fileSystemNotFound(r.fileSystemId());
    }
    String existing = world.clientTokens.get(token);
    if (existing != null) {
      throw EFS.error(
          AccessPointAlreadyExistsException.builder()
              .errorCode("AccessPointAlreadyExists")
              .accessPointId(existing),
          "AccessPointAlreadyExists",
          409,
          "Access point with client token '" + token + "' already exists: " + existing);
    }
    if (!"available".equals(fs.state)) {
      throw EFS.error(
          IncorrectFileSystemLifeCycleStateException.builder()
              .errorCode("IncorrectFileSystemLifeCycleState"),
          "IncorrectFileSystemLifeCycleState",
          409,
          "File system '" + fs.id + "' is in the '" + fs.state + "' state.");
    }
    long count =
        world.accessPoints.values().stream().filter(a -> a.fileSystemId.equals(fs.id)).count();
    if (count >= LIMIT_PER_FILE_SYSTEM) {
      throw EFS.error(
          AccessPointLimitExceededException.builder().errorCode("AccessPointLimitExceeded"),
          "AccessPointLimitExceeded",
          403,
          "You have reached the maximum number of access points ("
              + LIMIT_PER_FILE_SYSTEM
              + ") for file system "
              + fs.id
              + ".");
    }
    String id;
    do {
      id = world.ids.next("fsap", 17);
    } while (world.accessPoints.containsKey(id));
    ap.id = id;
    ap.fileSystemId = fs.id;
    ap.state = "creating";
    ap.availableAt = now.plus(delay);
    world.accessPoints.put(ap.id, ap);
    world.clientTokens.put(token, ap.id);
    world.resolve(ap, now);
    return ap;
  }

  /**
   * Deletes an access point; its ClientToken is forgotten with it unless {@code keepToken} (see
   * {@link SimSettings#clientTokensOutliveAccessPoints()}).
   */
  static void remove(World world, AccessPoint ap, boolean keepToken) {
    world.accessPoints.remove(ap.id);
    if (!keepToken) {
      world.clientTokens.remove(ap.clientToken, ap.id);
    }
  }

  private static long checkId(String member, Long value) {
    if (value == null || value < 0 || value > MAX_ID) {
      throw badRequest(member + " must be between 0 and " + MAX_ID + ", not " + value + ".");
    }
    return value;
  }
}
