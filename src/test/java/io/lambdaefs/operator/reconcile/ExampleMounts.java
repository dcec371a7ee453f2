package io.lambdaefs.operator.reconcile;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.lambdaefs.operator.api.v1alpha1.AccessPointSpec;
import io.lambdaefs.operator.api.v1alpha1.CreationInfoSpec;
import io.lambdaefs.operator.api.v1alpha1.DeletionPolicy;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMountSpec;
import io.lambdaefs.operator.api.v1alpha1.PosixUserSpec;
import io.lambdaefs.operator.api.v1alpha1.RootDirectorySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The objects of examples/world.yaml and LambdaEfsMounts that use them, as tests need them. */
public final class ExampleMounts {
  public static final String NAMESPACE = "default";
  public static final String FUNCTION = "file-processor";
  public static final String FILE_SYSTEM = "fs-0abc123def456789";
  public static final String LAMBDA_SG = "sg-0lambda";
  public static final String MOUNT_TARGET_SG = "sg-0efs-mount-target";
  public static final String SUBNET_A = "subnet-0aaa111";
  public static final String SUBNET_B = "subnet-0bbb222";

  /** Made by hand before the operator; never owned by it. */
  public static final String HAND_MADE_ACCESS_POINT = "fsap-0123456789abcdef0";

  private ExampleMounts() {}

  /**
   * The example of examples/lambdaefsmount.yaml under another name: uid 1000, root /lambda-data,
   * Delete.
   */
  public static LambdaEfsMount creating(String name) {
    PosixUserSpec posix = new PosixUserSpec();
    posix.setUid(1000L);
    posix.setGid(1000L);
    CreationInfoSpec info = new CreationInfoSpec();
    info.setOwnerUid(1000L);
    info.setOwnerGid(1000L);
    info.setPermissions("755");
    RootDirectorySpec root = new RootDirectorySpec();
    root.setPath("/lambda-data");
    root.setCreationInfo(info);
    AccessPointSpec ap = new AccessPointSpec();
    ap.setPosixUser(posix);
    ap.setRootDirectory(root);
    ap.setTags(Map.of("Name", "lambda-data-ap"));
    return mount(name, ap);
  }

  /** A mount that adopts an existing access point instead of creating one. */
  public static LambdaEfsMount adopting(String name, String accessPointId) {
    AccessPointSpec ap = new AccessPointSpec();
    ap.setExistingId(accessPointId);
    return mount(name, ap);
  }

  private static LambdaEfsMount mount(String name, AccessPointSpec ap) {
    LambdaEfsMountSpec spec = new LambdaEfsMountSpec();
    spec.setFunctionName(FUNCTION);
    spec.setFileSystemId(FILE_SYSTEM);
    spec.setMountPath("/mnt/data");
    spec.setAccessPoint(ap);
    spec.setDeletionPolicy(DeletionPolicy.Delete);
    LambdaEfsMount m = new LambdaEfsMount();
    m.setMetadata(new ObjectMetaBuilder().withNamespace(NAMESPACE).withName(name).build());
    m.setSpec(spec);
    return m;
  }

  /** examples/world.yaml as the jar carries it. */
  public static String exampleWorld() {
    return classpath("examples/world.yaml");
  }

  public static String classpath(String resource) {
    try (InputStream in = ExampleMounts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
