package io.lambdaefs.operator.observe;

import io.lambdaefs.operator.aws.ApiCall;
import io.lambdaefs.operator.aws.CallInterceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.efs.model.TagResourceRequest;
import software.amazon.awssdk.services.efs.model.UntagResourceRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;

/**
 * Read-your-writes for the shared reads: every write the operator's clients make, whichever code
 * path makes it and whether it succeeded or not (a write whose answer was lost may have been
 * applied), drops or updates what it changes, so that the next observation of any resource sees it.
 * A created access point is added to its file system's list (one call less for every resource on
 * it); the list is then read again soon, when the access point is available.
 */
final class OwnWrites implements CallInterceptor {
  /** How long a value that holds an object in transition (creating, deleting) stays good. */
  static final Duration TRANSITION_TTL = Duration.ofSeconds(2);

  private final SharedReads shared;
  private final SharedGroupRules groupRules;
  private final SharedReads permissionAnswers;

  OwnWrites(SharedReads shared, SharedGroupRules groupRules, SharedReads permissionAnswers) {
    this.permissionAnswers = permissionAnswers;
    this.shared = shared;
    this.groupRules = groupRules;
  }

  static String fileSystemKey(String region, String fileSystemId) {
    return region + "/" + fileSystemId;
  }

  private static final String ACCESS_POINTS_SUFFIX = "/access-points";

  static String accessPointsKey(String region, String fileSystemId) {
    return region + "/" + fileSystemId + ACCESS_POINTS_SUFFIX;
  }

  /** Every security-group rule the operator tagged in an account and Region. */
  static String managedRulesKey(String scope) {
    return scope + "/managed-rules";
  }

  /** IAM is global: a role's answers are invalidated in every Region. */
  static String permissionsPrefix(String roleName) {
    return "permissions/" + roleName + "/";
  }

  @Override
  public void after(ApiCall call, SdkResponse response, RuntimeException failure) {
    if (!call.isWrite() || call.request() == null) {
      return;
    }
    String region = call.region();
    String scope = call.account() == null ? region : call.account() + "/" + region;
    Object request = call.request();
    if (request instanceof CreateAccessPointRequest r) {
      String key = accessPointsKey(region, r.fileSystemId());
      if (response instanceof CreateAccessPointResponse created) {
        AccessPointView view = Observer.view(description(created));
        shared.<List<AccessPointView>>update(key, list -> with(list, view), TRANSITION_TTL);
      } else {
        shared.invalidate(key);
      }
    } else if (request instanceof DeleteAccessPointRequest r) {
      invalidateListsHolding(region, r.accessPointId());
    } else if (request instanceof TagResourceRequest r) {
      invalidateEfsResource(region, r.resourceId());
    } else if (request instanceof UntagResourceRequest r) {
      invalidateEfsResource(region, r.resourceId());
    } else if (request instanceof AuthorizeSecurityGroupIngressRequest r) {
      groupRules.invalidate(region, r.groupId());
      shared.invalidate(managedRulesKey(scope));
    } else if (request instanceof AuthorizeSecurityGroupEgressRequest r) {
      groupRules.invalidate(region, r.groupId());
      shared.invalidate(managedRulesKey(scope));
    } else if (request instanceof RevokeSecurityGroupIngressRequest r) {
      groupRules.invalidate(region, r.groupId());
      shared.invalidate(managedRulesKey(scope));
    } else if (request instanceof RevokeSecurityGroupEgressRequest r) {
      groupRules.invalidate(region, r.groupId());
      shared.invalidate(managedRulesKey(scope));
    } else if (request instanceof CreateTagsRequest r) {
      r.resources().forEach(id -> invalidateEc2Resource(region, scope, id));
    } else if (request instanceof DeleteTagsRequest r) {
      r.resources().forEach(id -> invalidateEc2Resource(region, scope, id));
    } else if (request instanceof PutRolePolicyRequest r) {
      permissionAnswers.invalidatePrefix(permissionsPrefix(r.roleName()));
    } else if (request instanceof DeleteRolePolicyRequest r) {
      permissionAnswers.invalidatePrefix(permissionsPrefix(r.roleName()));
    }
    // Lambda's writes change only the function, which every observation reads itself.
  }

  private void invalidateEfsResource(String region, String resourceId) {
    if (resourceId == null) {
      return;
    }
    if (resourceId.startsWith("fs-")) {
      shared.invalidate(fileSystemKey(region, resourceId));
    } else {
      invalidateListsHolding(region, resourceId);
    }
  }

  private void invalidateListsHolding(String region, String accessPointId) {
    shared
        .<List<AccessPointView>>keysHolding(
            region + "/",
            ACCESS_POINTS_SUFFIX,
            list -> list.stream().anyMatch(ap -> ap.id().equals(accessPointId)))
        .forEach(shared::invalidate);
  }

  private void invalidateEc2Resource(String region, String scope, String id) {
    if (id.startsWith("sgr-")) {
      groupRules.invalidateRule(region, id);
      shared.invalidate(managedRulesKey(scope));
    }
  }

  /** The list with the created access point, unless AWS's answer shows it already (as newer). */
  private static List<AccessPointView> with(List<AccessPointView> list, AccessPointView created) {
    if (list.stream().anyMatch(ap -> ap.id().equals(created.id()))) {
      return list;
    }
    List<AccessPointView> next = new ArrayList<>(list);
    next.add(created);
    return List.copyOf(next);
  }

  private static AccessPointDescription description(CreateAccessPointResponse r) {
    return AccessPointDescription.builder()
        .accessPointId(r.accessPointId())
        .accessPointArn(r.accessPointArn())
        .fileSystemId(r.fileSystemId())
        .lifeCycleState(r.lifeCycleState())
        .posixUser(r.posixUser())
        .rootDirectory(r.rootDirectory())
        .tags(r.tags())
        .clientToken(r.clientToken())
        .name(r.name())
        .ownerId(r.ownerId())
        .build();
  }
}
