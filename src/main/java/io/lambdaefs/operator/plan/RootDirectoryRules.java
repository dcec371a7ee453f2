package io.lambdaefs.operator.plan;

import io.lambdaefs.operator.observe.AccessPointView;
import io.lambdaefs.operator.observe.AccessPointView.CreationInfo;
import java.util.List;

/**
 * The access point's root directory: whether it surely exists, and whether the access point's POSIX
 * user may enter and write it. EFS enforces the POSIX user on every file operation and creates a
 * missing root directory only from CreationInfo, with that owner and mode; Unix permissions then
 * decide (owner bits if the uid is the owner, else group bits if the gid or a secondary gid is the
 * group, else the others' bits).
 */
final class RootDirectoryRules {
  static final String WITHOUT_CREATION_INFO = "RootDirectoryWithoutCreationInfo";
  static final String NOT_WRITABLE = "RootDirectoryNotWritable";
  static final String NOT_ACCESSIBLE = "RootDirectoryNotAccessible";

  private RootDirectoryRules() {}

  /** The access point the operator is about to create, from the spec. */
  static void beforeCreate(DesiredMount desired, PlanBuilder b) {
    AccessPointParams p = desired.accessPointParams();
    String subject = "the access point the operator will create";
    if (!"/".equals(p.rootPath()) && p.ownerUid() == null) {
      b.warn(
          Facet.ACCESS_POINT,
          WITHOUT_CREATION_INFO,
          "The access point the operator will create exposes "
              + p.rootPath()
              + " without creationInfo: if that directory does not exist on "
              + desired.fileSystemId()
              + ", every mount fails with EFSMountFailureException. Set "
              + "spec.accessPoint.rootDirectory.creationInfo so that EFS creates it.");
    }
    if (p.ownerUid() != null) {
      permissions(
          desired,
          subject,
          p.uid(),
          p.gid(),
          p.secondaryGids(),
          p.rootPath(),
          new CreationInfo(p.ownerUid(), p.ownerGid(), p.permissions()),
          false,
          b);
    }
  }

  /** An access point that exists: created by the operator earlier, or adopted. */
  static void existing(DesiredMount desired, AccessPointView ap, PlanBuilder b) {
    boolean adopted = desired.adoptsAccessPoint();
    if (!"/".equals(ap.rootPath()) && !ap.hasCreationInfo()) {
      b.warn(
          Facet.ACCESS_POINT,
          WITHOUT_CREATION_INFO,
          "Access point "
              + ap.id()
              + " exposes "
              + ap.rootPath()
              + " without creationInfo: if that directory does not exist on "
              + ap.fileSystemId()
              + ", every mount fails with EFSMountFailureException. "
              + (adopted
                  ? "An access point cannot be changed and an adopted one takes no "
                      + "rootDirectory: create "
                      + ap.rootPath()
                      + " on the file system"
                      + owner(ap)
                      + b.advice(
                          ", or let the operator create the access point (replace"
                              + " accessPoint.existingId with posixUser and"
                              + " rootDirectory.creationInfo).",
                          "; or declare the mount in a LambdaEfsMount with posixUser and"
                              + " rootDirectory.creationInfo and the operator creates an access"
                              + " point that makes it.")
                  : "Set spec.accessPoint.rootDirectory.creationInfo (the operator then creates "
                      + "a new access point and moves the function to it)."));
    }
    if (ap.hasCreationInfo() && ap.uid() != null && ap.gid() != null) {
      permissions(
          desired,
          "access point " + ap.id(),
          ap.uid(),
          ap.gid(),
          ap.secondaryGids(),
          ap.rootPath(),
          ap.creationInfo(),
          adopted,
          b);
    }
  }

  private static String owner(AccessPointView ap) {
    return ap.uid() == null ? "" : " (owned by its POSIX user " + ap.uid() + ":" + ap.gid() + ")";
  }

  private static void permissions(
      DesiredMount desired,
      String subject,
      long uid,
      long gid,
      List<Long> secondaryGids,
      String path,
      CreationInfo info,
      boolean adopted,
      PlanBuilder b) {
    Integer mode = mode(info.permissions());
    if (uid == 0 || mode == null) {
      return; // root is not held to the permission bits
    }
    String who;
    int bits;
    if (uid == info.ownerUid()) {
      who = "the owner";
      bits = (mode >> 6) & 7;
    } else if (gid == info.ownerGid() || secondaryGids.contains(info.ownerGid())) {
      who = "the group";
      bits = (mode >> 3) & 7;
    } else {
      who = "others";
      bits = mode & 7;
    }
    boolean enter = (bits & 1) != 0;
    boolean write = enter && (bits & 2) != 0;
    String facts =
        path
            + " (owner "
            + info.ownerUid()
            + ":"
            + info.ownerGid()
            + ", mode "
            + info.permissions()
            + ": the user counts as "
            + who
            + ", "
            + rwx(bits)
            + ")";
    String user =
        "uid "
            + uid
            + " gid "
            + gid
            + (secondaryGids.isEmpty() ? "" : " secondary gids " + secondaryGids);
    String fix =
        adopted
            ? " EFS applies creationInfo only when it creates the directory, and an access point "
                + "cannot be changed: change the directory's owner or mode on the file system, or "
                + "let the operator create an access point (accessPoint.posixUser with "
                + "rootDirectory.creationInfo)."
            : " Make the user the owner (rootDirectory.creationInfo ownerUid: "
                + uid
                + ", ownerGid: "
                + gid
                + "), or give "
                + who
                + " that permission in creationInfo.permissions";
    if (!enter) {
      b.block(
          Facet.ACCESS_POINT,
          NOT_ACCESSIBLE,
          "The POSIX user ("
              + user
              + ") of "
              + subject
              + " cannot enter its root directory "
              + facts
              + ": every file access of the function would fail with Permission denied (EACCES)."
              + fix
              + (adopted ? "" : " (x)."));
    } else if (!write && !desired.readOnly()) {
      b.warn(
          Facet.ACCESS_POINT,
          NOT_WRITABLE,
          "The POSIX user ("
              + user
              + ") of "
              + subject
              + " cannot write its root directory "
              + facts
              + ", although the mount is read-write: writes would fail with Permission denied "
              + "(EACCES)."
              + fix
              + (adopted ? "" : " (w), or set spec.readOnly: true."));
    }
  }

  /** The permission bits of an octal mode such as "755" or "0755" (the special bits dropped). */
  private static Integer mode(String permissions) {
    if (permissions == null || !permissions.matches("[0-7]{3,4}")) {
      return null;
    }
    return Integer.parseInt(permissions.substring(permissions.length() - 3), 8);
  }

  private static String rwx(int bits) {
    return ((bits & 4) != 0 ? "r" : "-")
        + ((bits & 2) != 0 ? "w" : "-")
        + ((bits & 1) != 0 ? "x" : "-");
  }
}
