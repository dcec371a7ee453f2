package io.lambdaefs.operator.act;

import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.aws.AwsError;
import io.lambdaefs.operator.plan.AccessPointParams;
import io.lambdaefs.operator.plan.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;
import software.amazon.awssdk.services.efs.model.AccessPointAlreadyExistsException;
import software.amazon.awssdk.services.efs.model.AccessPointNotFoundException;
import software.amazon.awssdk.services.efs.model.CreationInfo;
import software.amazon.awssdk.services.efs.model.PosixUser;
import software.amazon.awssdk.services.efs.model.RootDirectory;
import software.amazon.awssdk.services.efs.model.Tag;
import software.amazon.awssdk.services.lambda.model.FileSystemConfig;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.VpcConfig;

/**
 * Runs a plan's actions in order through the SDK. Every action is safe to repeat: the answers AWS
 * gives to a repeat (AccessPointAlreadyExists, InvalidPermission.Duplicate, *.NotFound on delete)
 * count as done.
 */
public final class Executor {
  private static final Logger log = LoggerFactory.getLogger(Executor.class);

  public Outcome execute(List<Action> actions, AwsClients aws, String resource) {
    List<Action> done = new ArrayList<>();
    for (Action action : actions) {
      try {
        run(action, aws);
        log.info("{}: {}", resource, action.describe());
        done.add(action);
      } catch (RuntimeException e) {
        AwsError error = AwsError.classify(e);
        if (alreadyDone(action, error)) {
          log.info("{}: {} (already so: {})", resource, action.describe(), error.code());
          done.add(action);
          continue;
        }
        log.info(
            "{}: {} failed: {}: {}", resource, action.describe(), error.code(), error.message());
        return new Outcome(List.copyOf(done), action, error);
      }
    }
    return new Outcome(List.copyOf(done), null, null);
  }

  /** Repeats of idempotent actions: the object is already there, or already gone. */
  private static boolean alreadyDone(Action action, AwsError error) {
    if (action instanceof Action.AuthorizeNfs) {
      return error.is("InvalidPermission.Duplicate");
    }
    if (action instanceof Action.RevokeRule) {
      return error.is("InvalidSecurityGroupRuleId.NotFound")
          || error.is("InvalidPermission.NotFound");
    }
    return (action instanceof Action.DeleteAccessPoint || action instanceof Action.DeleteRolePolicy)
        && error.kind() == AwsError.Kind.NOT_FOUND;
  }

  private static void run(Action action, AwsClients aws) {
    if (action instanceof Action.CreateAccessPoint c) {
      createAccessPoint(c, aws);
    } else if (action instanceof Action.DeleteAccessPoint d) {
      aws.efs().deleteAccessPoint(r -> r.accessPointId(d.accessPointId()));
    } else if (action instanceof Action.AuthorizeNfs a) {
      authorize(a, aws);
    } else if (action instanceof Action.RevokeRule r) {
      revoke(r, aws);
    } else if (action instanceof Action.HandOverRule h) {
      aws.ec2().createTags(r -> r.resources(h.ruleId()).tags(ec2Tags(h.tags())));
    } else if (action instanceof Action.TagFunction t) {
      aws.lambda().tagResource(r -> r.resource(t.functionArn()).tags(t.tags()));
    } else if (action instanceof Action.UntagFunction u) {
      aws.lambda().untagResource(r -> r.resource(u.functionArn()).tagKeys(u.keys()));
    } else if (action instanceof Action.UpdateFunction u) {
      aws.lambda().updateFunctionConfiguration(updateRequest(u));
    } else if (action instanceof Action.PutRolePolicy p) {
      aws.iam()
          .putRolePolicy(
              r ->
                  r.roleName(p.roleName()).policyName(p.policyName()).policyDocument(p.document()));
    } else if (action instanceof Action.DeleteRolePolicy d) {
      aws.iam().deleteRolePolicy(r -> r.roleName(d.roleName()).policyName(d.policyName()));
    } else {
      throw new IllegalArgumentException("unknown action " + action);
    }
  }

  private static void createAccessPoint(Action.CreateAccessPoint c, AwsClients aws) {
    AccessPointParams p = c.params();
    RootDirectory.Builder root = RootDirectory.builder().path(p.rootPath());
    if (p.permissions() != null) {
      root.creationInfo(
          CreationInfo.builder()
              .ownerUid(p.ownerUid())
              .ownerGid(p.ownerGid())
              .permissions(p.permissions())
              .build());
    }
    for (int attempt = 1; ; attempt++) {
      String token = c.clientToken(attempt);
      try {
        aws.efs()
            .createAccessPoint(
                r ->
                    r.clientToken(token)
                        .fileSystemId(c.fileSystemId())
                        .posixUser(
                            PosixUser.builder()
                                .uid(p.uid())
                                .gid(p.gid())
                                .secondaryGids(p.secondaryGids())
                                .build())
                        .rootDirectory(root.build())
                        .tags(
                            c.tags().entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList()));
        return;
      } catch (AccessPointAlreadyExistsException e) {
        // Same ClientToken as an earlier call whose answer was lost: that access point is ours, and
        // the next observation finds it by its tags. A token is unique per account and Region, not
        // per file system, so one that names an access point elsewhere is not
        // this create done: counting it done would plan the same create on every reconcile.
        TokenHolder holder = holder(aws, e.accessPointId(), c.fileSystemId());
        if (holder == TokenHolder.ON_FILE_SYSTEM) {
          log.info("access point for token {} already exists: {}", token, e.accessPointId());
          return;
        }
        if (holder == TokenHolder.ELSEWHERE || attempt >= Action.CreateAccessPoint.MAX_ATTEMPTS) {
          throw e;
        }
        // EFS remembers the token of a deleted access point: try the next token of the sequence.
        log.info("token {} names deleted access point {}", token, e.accessPointId());
      }
    }
  }

  /** What the access point an AccessPointAlreadyExists names is to this create. */
  private enum TokenHolder {
    ON_FILE_SYSTEM,
    ELSEWHERE,
    GONE
  }

  private static TokenHolder holder(AwsClients aws, String accessPointId, String fileSystemId) {
    if (accessPointId == null) {
      return TokenHolder.ELSEWHERE;
    }
    try {
      return aws
          .efs()
          .describeAccessPoints(r -> r.accessPointId(accessPointId))
          .accessPoints()
          .stream()
          .findFirst()
          .map(
              ap ->
                  switch (ap.lifeCycleStateAsString()) {
                    case "deleting", "deleted" -> TokenHolder.GONE;
                    default ->
                        fileSystemId.equals(ap.fileSystemId())
                            ? TokenHolder.ON_FILE_SYSTEM
                            : TokenHolder.ELSEWHERE;
                  })
          .orElse(TokenHolder.GONE);
    } catch (AccessPointNotFoundException gone) {
      return TokenHolder.GONE;
    }
  }

  private static void authorize(Action.AuthorizeNfs a, AwsClients aws) {
    IpPermission nfs =
        IpPermission.builder()
            .ipProtocol("tcp")
            .fromPort(2049)
            .toPort(2049)
            .userIdGroupPairs(
                UserIdGroupPair.builder()
                    .groupId(a.peerGroupId())
                    .description("NFS for Lambda, managed by lambda-efs-operator")
                    .build())
            .build();
    TagSpecification tags =
        TagSpecification.builder()
            .resourceType(ResourceType.SECURITY_GROUP_RULE)
            .tags(ec2Tags(a.tags()))
            .build();
    if (a.egress()) {
      aws.ec2()
          .authorizeSecurityGroupEgress(
              r -> r.groupId(a.groupId()).ipPermissions(nfs).tagSpecifications(tags));
    } else {
      aws.ec2()
          .authorizeSecurityGroupIngress(
              r -> r.groupId(a.groupId()).ipPermissions(nfs).tagSpecifications(tags));
    }
  }

  private static void revoke(Action.RevokeRule r, AwsClients aws) {
    if (r.egress()) {
      aws.ec2()
          .revokeSecurityGroupEgress(q -> q.groupId(r.groupId()).securityGroupRuleIds(r.ruleId()));
    } else {
      aws.ec2()
          .revokeSecurityGroupIngress(q -> q.groupId(r.groupId()).securityGroupRuleIds(r.ruleId()));
    }
  }

  private static List<software.amazon.awssdk.services.ec2.model.Tag> ec2Tags(
      Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(
            e ->
                software.amazon.awssdk.services.ec2.model.Tag.builder()
                    .key(e.getKey())
                    .value(e.getValue())
                    .build())
        .toList();
  }

  private static UpdateFunctionConfigurationRequest updateRequest(Action.UpdateFunction u) {
    var request =
        UpdateFunctionConfigurationRequest.builder()
            .functionName(u.functionName())
            .revisionId(u.revisionId());
    if (u.vpc() != null) {
      request.vpcConfig(
          VpcConfig.builder()
              .subnetIds(u.vpc().subnetIds())
              .securityGroupIds(u.vpc().securityGroupIds())
              .ipv6AllowedForDualStack(u.vpc().ipv6AllowedForDualStack())
              .build());
    }
    if (u.fileSystemConfigs() != null) {
      // An explicit empty list detaches; leaving the field out would leave the mount in place.
      request.fileSystemConfigs(
          u.fileSystemConfigs().stream()
              .map(
                  m ->
                      FileSystemConfig.builder()
                          .arn(m.accessPointArn())
                          .localMountPath(m.localMountPath())
                          .build())
              .toList());
    }
    return request.build();
  }
}
