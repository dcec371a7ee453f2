package io.lambdaefs.operator.aws.sim;

import io.lambdaefs.operator.aws.sim.World.AccessPoint;
import io.lambdaefs.operator.aws.sim.World.Function;
import io.lambdaefs.operator.aws.sim.World.MountTarget;
import io.lambdaefs.operator.aws.sim.World.Rule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsRequest;
import software.amazon.awssdk.services.efs.model.PutFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.Tag;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRoleTagsRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsRequest;
import software.amazon.awssdk.services.lambda.model.ListTagsRequest;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UntagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * What IAM checks for each simulated call, after the AWS Service Authorization Reference: the
 * action, the resource ARNs and the condition keys each operation supplies. A call whose resource
 * does not exist needs no check that reads the resource's tags: the service answers NotFound.
 */
final class RequiredPermissions {

  /**
   * One IAM check.
   *
   * @param downstream non-null when a service makes it on the caller's behalf (Lambda asking EC2 to
   *     describe the function's network): the service that refuses, and the object it names
   */
  record Check(
      String action, String resource, Map<String, List<String>> context, Downstream downstream) {
    Check(String action, String resource, Map<String, List<String>> context) {
      this(action, resource, context, null);
    }
  }

  record Downstream(String service, String object) {}

  private final World world;

  RequiredPermissions(World world) {
    this.world = world;
  }

  List<Check> of(String operation, SdkRequest request) {
    return switch (operation) {
      case "GetFunction" ->
          function("lambda:GetFunction", ((GetFunctionRequest) request).functionName());
      case "GetFunctionConfiguration" ->
          function(
              "lambda:GetFunctionConfiguration",
              ((GetFunctionConfigurationRequest) request).functionName());
      case "ListTags" -> function("lambda:ListTags", ((ListTagsRequest) request).resource());
      case "ListProvisionedConcurrencyConfigs" ->
          function(
              "lambda:ListProvisionedConcurrencyConfigs",
              ((ListProvisionedConcurrencyConfigsRequest) request).functionName());
      case "TagResource" -> tagFunction((TagResourceRequest) request);
      case "UntagResource" -> untagFunction((UntagResourceRequest) request);
      case "UpdateFunctionConfiguration" ->
          updateFunction((UpdateFunctionConfigurationRequest) request);
      case "DescribeFileSystems" ->
          efs(
              "DescribeFileSystems",
              fileSystem(((DescribeFileSystemsRequest) request).fileSystemId()));
      case "DescribeMountTargets" -> describeMountTargets((DescribeMountTargetsRequest) request);
      case "DescribeMountTargetSecurityGroups" ->
          mountTargetGroups((DescribeMountTargetSecurityGroupsRequest) request);
      case "DescribeAccessPoints" -> describeAccessPoints((DescribeAccessPointsRequest) request);
      case "CreateAccessPoint" -> createAccessPoint((CreateAccessPointRequest) request);
      case "DeleteAccessPoint" -> deleteAccessPoint((DeleteAccessPointRequest) request);
      case "DescribeFileSystemPolicy" ->
          efs(
              "DescribeFileSystemPolicy",
              fileSystem(((DescribeFileSystemPolicyRequest) request).fileSystemId()));
      case "PutFileSystemPolicy" ->
          efs(
              "PutFileSystemPolicy",
              fileSystem(((PutFileSystemPolicyRequest) request).fileSystemId()));
      case "DescribeSubnets",
          "DescribeSecurityGroups",
          "DescribeSecurityGroupRules",
          "DescribeRouteTables",
          "DescribeVpcs" ->
          // EC2's Describe actions have no resource-level permissions.
          List.of(new Check("ec2:" + operation, "*", Map.of()));
      case "AuthorizeSecurityGroupIngress" -> {
        var r = (AuthorizeSecurityGroupIngressRequest) request;
        yield authorizeRule(operation, r.groupId(), r.tagSpecifications());
      }
      case "AuthorizeSecurityGroupEgress" -> {
        var r = (AuthorizeSecurityGroupEgressRequest) request;
        yield authorizeRule(operation, r.groupId(), r.tagSpecifications());
      }
      case "RevokeSecurityGroupIngress" -> {
        var r = (RevokeSecurityGroupIngressRequest) request;
        yield revokeRules(operation, r.groupId());
      }
      case "RevokeSecurityGroupEgress" -> {
        var r = (RevokeSecurityGroupEgressRequest) request;
        yield revokeRules(operation, r.groupId());
      }
      case "CreateTags" -> createTags((CreateTagsRequest) request);
      case "GetRole" -> role("iam:GetRole", ((GetRoleRequest) request).roleName());
      case "GetRolePolicy" ->
          role("iam:GetRolePolicy", ((GetRolePolicyRequest) request).roleName());
      case "PutRolePolicy" ->
          role("iam:PutRolePolicy", ((PutRolePolicyRequest) request).roleName());
      case "DeleteRolePolicy" ->
          role("iam:DeleteRolePolicy", ((DeleteRolePolicyRequest) request).roleName());
      case "ListRolePolicies" ->
          role("iam:ListRolePolicies", ((ListRolePoliciesRequest) request).roleName());
      case "ListRoleTags" -> role("iam:ListRoleTags", ((ListRoleTagsRequest) request).roleName());
      // STS decides AssumeRole with the role's trust policy (Authorization.assumeRole);
      // GetCallerIdentity needs no permission.
      case "AssumeRole", "GetCallerIdentity" -> List.of();
      case "SimulatePrincipalPolicy" -> {
        String arn = String.valueOf(((SimulatePrincipalPolicyRequest) request).policySourceArn());
        World.Role r =
            arn.startsWith(world.roleArn(""))
                ? world.roles.get(arn.substring(arn.lastIndexOf('/') + 1))
                : null;
        yield List.of(
            new Check("iam:SimulatePrincipalPolicy", arn, r == null ? Map.of() : roleTags(r.tags)));
      }
      default ->
          throw new IllegalStateException(
              "the simulated IAM has no authorization rule for " + operation);
    };
  }

  // ---- Lambda ----

  private List<Check> function(String action, String nameOrArn) {
    Function f = nameOrArn == null ? null : SimLambda.lookup(world, nameOrArn);
    String arn =
        nameOrArn != null && nameOrArn.startsWith("arn:")
            ? nameOrArn
            : world.functionArn(nameOrArn == null ? "" : SimLambda.nameOf(nameOrArn));
    return List.of(new Check(action, arn, resourceTags(f == null ? Map.of() : f.tags)));
  }

  private List<Check> tagFunction(TagResourceRequest r) {
    Check base = function("lambda:TagResource", r.resource()).get(0);
    Map<String, List<String>> context = new LinkedHashMap<>(base.context());
    context.putAll(requestTags(r.hasTags() ? r.tags() : Map.of()));
    return List.of(new Check(base.action(), base.resource(), context));
  }

  private List<Check> untagFunction(UntagResourceRequest r) {
    Check base = function("lambda:UntagResource", r.resource()).get(0);
    Map<String, List<String>> context = new LinkedHashMap<>(base.context());
    if (r.hasTagKeys()) {
      context.put("aws:TagKeys", List.copyOf(r.tagKeys()));
    }
    return List.of(new Check(base.action(), base.resource(), context));
  }

  /**
   * Lambda checks the function, then uses the caller's own permissions to look at the network and
   * the mount targets it is given (Lambda developer guide, "Execution role and user permissions").
   */
  private List<Check> updateFunction(UpdateFunctionConfigurationRequest r) {
    List<Check> checks =
        new ArrayList<>(function("lambda:UpdateFunctionConfiguration", r.functionName()));
    var vpc = r.vpcConfig();
    if (vpc != null && vpc.hasSubnetIds() && !vpc.subnetIds().isEmpty()) {
      String group =
          vpc.hasSecurityGroupIds() && !vpc.securityGroupIds().isEmpty()
              ? vpc.securityGroupIds().get(0)
              : "";
      String subnet = vpc.subnetIds().get(0);
      World.Subnet s = world.subnets.get(subnet);
      checks.add(onBehalf("ec2:DescribeSecurityGroups", "EC2", group));
      checks.add(onBehalf("ec2:DescribeSubnets", "EC2", subnet));
      checks.add(onBehalf("ec2:DescribeVpcs", "EC2", s == null ? subnet : s.vpcId));
    }
    if (r.hasFileSystemConfigs()) {
      for (var c : r.fileSystemConfigs()) {
        AccessPoint ap =
            c.arn() == null
                ? null
                : world.accessPoints.get(c.arn().substring(c.arn().lastIndexOf('/') + 1));
        if (ap != null) {
          checks.add(
              new Check(
                  "elasticfilesystem:DescribeMountTargets",
                  world.fileSystemArn(ap.fileSystemId),
                  Map.of(),
                  new Downstream("EFS", ap.fileSystemId)));
        }
      }
    }
    return checks;
  }

  private static Check onBehalf(String action, String service, String object) {
    return new Check(action, "*", Map.of(), new Downstream(service, object));
  }

  // ---- EFS ----

  private String fileSystem(String id) {
    return world.fileSystemArn(id == null ? "*" : id);
  }

  private static List<Check> efs(String operation, String resource) {
    return List.of(new Check("elasticfilesystem:" + operation, resource, Map.of()));
  }

  private List<Check> describeMountTargets(DescribeMountTargetsRequest r) {
    if (r.mountTargetId() != null) {
      MountTarget mt = world.mountTargets.get(r.mountTargetId());
      return mt == null ? List.of() : efs("DescribeMountTargets", fileSystem(mt.fileSystemId));
    }
    if (r.fileSystemId() == null && r.accessPointId() != null) {
      return efs("DescribeMountTargets", world.accessPointArn(r.accessPointId()));
    }
    return efs("DescribeMountTargets", fileSystem(r.fileSystemId()));
  }

  /**
   * EFS also asks EC2 for the groups of the mount target's network interface (EFS API reference).
   */
  private List<Check> mountTargetGroups(DescribeMountTargetSecurityGroupsRequest r) {
    MountTarget mt = r.mountTargetId() == null ? null : world.mountTargets.get(r.mountTargetId());
    if (mt == null) {
      return List.of();
    }
    return List.of(
        new Check(
            "elasticfilesystem:DescribeMountTargetSecurityGroups",
            fileSystem(mt.fileSystemId),
            Map.of()),
        new Check(
            "ec2:DescribeNetworkInterfaceAttribute",
            world.ec2Arn("network-interface", mt.networkInterfaceId),
            Map.of()));
  }

  private List<Check> describeAccessPoints(DescribeAccessPointsRequest r) {
    if (r.accessPointId() != null) {
      AccessPoint ap = world.accessPoints.get(r.accessPointId());
      return ap == null
          ? List.of()
          : List.of(
              new Check(
                  "elasticfilesystem:DescribeAccessPoints",
                  world.accessPointArn(ap.id),
                  resourceTags(ap.tags)));
    }
    return efs(
        "DescribeAccessPoints",
        r.fileSystemId() == null ? world.accessPointArn("*") : fileSystem(r.fileSystemId()));
  }

  /**
   * Tags given at creation are authorized as TagResource too, with the condition key
   * elasticfilesystem:CreateAction (EFS user guide, "Tagging resources during creation").
   */
  private List<Check> createAccessPoint(CreateAccessPointRequest r) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : r.hasTags() ? r.tags() : List.<Tag>of()) {
      tags.put(t.key(), t.value());
    }
    Map<String, List<String>> context = requestTags(tags);
    List<Check> checks = new ArrayList<>();
    World.FileSystem fs = r.fileSystemId() == null ? null : world.fileSystems.get(r.fileSystemId());
    Map<String, List<String>> onFileSystem = new LinkedHashMap<>(context);
    if (fs != null) {
      onFileSystem.putAll(resourceTags(fs.tags));
    }
    checks.add(
        new Check(
            "elasticfilesystem:CreateAccessPoint", fileSystem(r.fileSystemId()), onFileSystem));
    if (!tags.isEmpty()) {
      Map<String, List<String>> onCreate = new LinkedHashMap<>(context);
      onCreate.put("elasticfilesystem:CreateAction", List.of("CreateAccessPoint"));
      checks.add(new Check("elasticfilesystem:TagResource", world.accessPointArn("*"), onCreate));
    }
    return checks;
  }

  private List<Check> deleteAccessPoint(DeleteAccessPointRequest r) {
    AccessPoint ap = r.accessPointId() == null ? null : world.accessPoints.get(r.accessPointId());
    return ap == null
        ? List.of()
        : List.of(
            new Check(
                "elasticfilesystem:DeleteAccessPoint",
                world.accessPointArn(ap.id),
                resourceTags(ap.tags)));
  }

  // ---- EC2 ----

  /**
   * The group and the new rule. The group exists already, so its context carries its own tags and
   * no request tags; the request tags apply to the rule being created (Service Authorization
   * Reference: aws:RequestTag and aws:TagKeys are condition keys of the security-group-rule
   * resource type of this action, not of security-group). Tags given at creation are authorized as
   * CreateTags with the condition key ec2:CreateAction (EC2 user guide, "Grant permission to tag on
   * creation").
   */
  private List<Check> authorizeRule(
      String operation, String groupId, List<TagSpecification> specs) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (TagSpecification spec : specs == null ? List.<TagSpecification>of() : specs) {
      spec.tags().forEach(t -> tags.put(t.key(), t.value()));
    }
    Map<String, List<String>> context = requestTags(tags);
    String rule = world.ec2Arn("security-group-rule", "*");
    List<Check> checks = new ArrayList<>();
    checks.add(group("ec2:" + operation, groupId, Map.of()));
    checks.add(new Check("ec2:" + operation, rule, context));
    if (!tags.isEmpty()) {
      Map<String, List<String>> onCreate = new LinkedHashMap<>(context);
      onCreate.put("ec2:CreateAction", List.of(operation));
      checks.add(new Check("ec2:CreateTags", rule, onCreate));
    }
    return checks;
  }

  /**
   * Revoking is authorized on the security group alone: the Service Authorization Reference lists
   * no security-group-rule resource for RevokeSecurityGroupIngress/Egress, so a rule's own tags
   * cannot scope it (the operator checks them itself).
   */
  private List<Check> revokeRules(String operation, String groupId) {
    return List.of(group("ec2:" + operation, groupId, Map.of()));
  }

  /** A check on a security group, with its tags. */
  private Check group(String action, String groupId, Map<String, List<String>> requestContext) {
    Map<String, List<String>> context = new LinkedHashMap<>(requestContext);
    World.SecurityGroup g = groupId == null ? null : world.groups.get(groupId);
    if (g != null) {
      context.putAll(resourceTags(g.tags));
    }
    return new Check(action, world.ec2Arn("security-group", groupId), context);
  }

  private List<Check> createTags(CreateTagsRequest r) {
    Map<String, String> tags = new LinkedHashMap<>();
    if (r.hasTags()) {
      r.tags().forEach(t -> tags.put(t.key(), t.value()));
    }
    List<Check> checks = new ArrayList<>();
    for (String id : r.hasResources() ? r.resources() : List.<String>of()) {
      Rule rule = rule(id);
      if (rule == null) {
        continue;
      }
      Map<String, List<String>> context = new LinkedHashMap<>(resourceTags(rule.tags));
      context.putAll(requestTags(tags));
      checks.add(new Check("ec2:CreateTags", world.ec2Arn("security-group-rule", id), context));
    }
    return checks;
  }

  private Rule rule(String id) {
    return world.groups.values().stream()
        .flatMap(g -> g.rules.stream())
        .filter(x -> x.id.equals(id))
        .findFirst()
        .orElse(null);
  }

  // ---- IAM ----

  /** A role's checks carry its tags, as aws:ResourceTag and iam:ResourceTag. */
  private List<Check> role(String action, String roleName) {
    World.Role r = roleName == null ? null : world.roles.get(roleName);
    return List.of(
        new Check(
            action,
            world.roleArn(String.valueOf(roleName)),
            r == null ? Map.of() : roleTags(r.tags)));
  }

  private static Map<String, List<String>> roleTags(Map<String, String> tags) {
    Map<String, List<String>> context = resourceTags(tags);
    tags.forEach((k, v) -> context.put("iam:ResourceTag/" + k, List.of(v)));
    return context;
  }

  // ---- condition keys ----

  private static Map<String, List<String>> resourceTags(Map<String, String> tags) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    tags.forEach((k, v) -> context.put("aws:ResourceTag/" + k, List.of(v)));
    return context;
  }

  private static Map<String, List<String>> requestTags(Map<String, String> tags) {
    Map<String, List<String>> context = new LinkedHashMap<>();
    tags.forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
    if (!tags.isEmpty()) {
      context.put("aws:TagKeys", List.copyOf(tags.keySet()));
    }
    return context;
  }
}
