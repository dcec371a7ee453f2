package io.lambdaefs.operator.aws.sim;

import static io.lambdaefs.operator.aws.sim.Service.IAM;

import io.lambdaefs.operator.aws.sim.World.Role;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRoleTagsRequest;
import software.amazon.awssdk.services.iam.model.ListRoleTagsResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PolicyEvaluationDecisionType;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The simulated IAM API: roles, inline role policies and SimulatePrincipalPolicy. GetRolePolicy
 * returns the document URL-encoded (RFC 3986, as AWS does); decode it with URLDecoder.
 */
final class SimIam implements IamClient {
  private final SimulatedAws sim;
  private final World world;

  SimIam(SimulatedAws sim, World world) {
    this.sim = sim;
    this.world = world;
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  @Override
  public GetRoleResponse getRole(GetRoleRequest request) {
    return sim.call(
        IAM,
        "GetRole",
        request,
        () -> {
          Role role = role(request.roleName());
          return GetRoleResponse.builder()
              .role(
                  software.amazon.awssdk.services.iam.model.Role.builder()
                      .roleName(role.name)
                      .arn(world.roleArn(role.name))
                      .path("/")
                      .createDate(role.created)
                      .roleId(SimSts.roleId(role.name))
                      .tags(tags(role))
                      .build())
              .build();
        });
  }

  @Override
  public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest request) {
    return sim.call(
        IAM,
        "PutRolePolicy",
        request,
        () -> {
          Role role = role(request.roleName());
          if (request.policyName() == null || !request.policyName().matches("[\\w+=,.@-]{1,128}")) {
            throw IAM.error(
                InvalidInputException.builder(), "InvalidInput", 400, "Invalid policy name.");
          }
          try {
            world.identityPolicy(String.valueOf(request.policyDocument()));
          } catch (IllegalArgumentException e) {
            throw IAM.error(
                MalformedPolicyDocumentException.builder(),
                "MalformedPolicyDocument",
                400,
                e.getMessage());
          }
          role.change(
              request.policyName(),
              request.policyDocument(),
              sim.now().plus(sim.settings().iamPropagationDelay()));
          return PutRolePolicyResponse.builder().build();
        });
  }

  @Override
  public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest request) {
    return sim.call(
        IAM,
        "GetRolePolicy",
        request,
        () -> {
          Role role = role(request.roleName());
          String doc = policy(role, request.policyName());
          return GetRolePolicyResponse.builder()
              .roleName(role.name)
              .policyName(request.policyName())
              .policyDocument(URLEncoder.encode(doc, StandardCharsets.UTF_8).replace("+", "%20"))
              .build();
        });
  }

  @Override
  public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest request) {
    return sim.call(
        IAM,
        "DeleteRolePolicy",
        request,
        () -> {
          Role role = role(request.roleName());
          policy(role, request.policyName());
          role.change(
              request.policyName(), null, sim.now().plus(sim.settings().iamPropagationDelay()));
          return DeleteRolePolicyResponse.builder().build();
        });
  }

  @Override
  public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest request) {
    return sim.call(
        IAM,
        "ListRolePolicies",
        request,
        () ->
            ListRolePoliciesResponse.builder()
                .policyNames(new ArrayList<>(role(request.roleName()).inlinePolicies.keySet()))
                .isTruncated(false)
                .build());
  }

  @Override
  public ListRoleTagsResponse listRoleTags(ListRoleTagsRequest request) {
    return sim.call(
        IAM,
        "ListRoleTags",
        request,
        () ->
            ListRoleTagsResponse.builder()
                .tags(tags(role(request.roleName())))
                .isTruncated(false)
                .build());
  }

  private static List<Tag> tags(Role role) {
    List<Tag> out = new ArrayList<>();
    role.tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
    return out;
  }

  @Override
  public SimulatePrincipalPolicyResponse simulatePrincipalPolicy(
      SimulatePrincipalPolicyRequest request) {
    return sim.call(
        IAM,
        "SimulatePrincipalPolicy",
        request,
        () -> {
          String arn = request.policySourceArn();
          String prefix = "arn:" + world.partition().id() + ":iam::";
          if (arn == null || !arn.startsWith(prefix) || !arn.contains(":role/")) {
            throw IAM.error(
                InvalidInputException.builder(),
                "InvalidInput",
                400,
                "Invalid ARN: "
                    + arn
                    + " (the simulation supports role ARNs of partition "
                    + world.partition().id()
                    + ")");
          }
          if (!arn.startsWith(prefix + world.account + ":role/")) {
            throw noSuchEntity("The role with ARN " + arn + " cannot be found.");
          }
          Role role = role(arn.substring(arn.lastIndexOf('/') + 1));
          // IAM's own API sees a policy change at once; services see it after propagation.
          List<IamPolicy> policies = RolePolicies.of(world, role, false);
          IamPolicy resourcePolicy = null;
          if (request.resourcePolicy() != null) {
            try {
              resourcePolicy = world.resourcePolicy(request.resourcePolicy());
            } catch (IllegalArgumentException e) {
              throw IAM.error(
                  MalformedPolicyDocumentException.builder(),
                  "MalformedPolicyDocument",
                  400,
                  "ResourcePolicy: " + e.getMessage());
            }
          }
          Map<String, List<String>> context = new LinkedHashMap<>();
          for (ContextEntry e :
              request.hasContextEntries() ? request.contextEntries() : List.<ContextEntry>of()) {
            context.put(
                e.contextKeyName(), e.hasContextKeyValues() ? e.contextKeyValues() : List.of());
          }
          List<String> resources =
              request.hasResourceArns() ? request.resourceArns() : List.of("*");
          List<EvaluationResult> results = new ArrayList<>();
          for (String action :
              request.hasActionNames() ? request.actionNames() : List.<String>of()) {
            Set<String> missing = new LinkedHashSet<>();
            List<ResourceSpecificResult> perResource = new ArrayList<>();
            IamPolicy.Decision overall = null;
            for (String resource : resources) {
              IamPolicy.Result r =
                  IamPolicy.decide(
                      policies,
                      resourcePolicy,
                      new IamPolicy.Request(arn, action, resource, context));
              missing.addAll(r.missingContext());
              perResource.add(
                  ResourceSpecificResult.builder()
                      .evalResourceName(resource)
                      .evalResourceDecision(type(r.decision()))
                      .missingContextValues(new ArrayList<>(r.missingContext()))
                      .build());
              overall =
                  overall == null || r.decision().ordinal() > overall.ordinal()
                      ? r.decision()
                      : overall;
            }
            results.add(
                EvaluationResult.builder()
                    .evalActionName(action)
                    .evalResourceName(resources.size() == 1 ? resources.get(0) : "*")
                    .evalDecision(type(overall))
                    .missingContextValues(new ArrayList<>(missing))
                    .resourceSpecificResults(resources.size() > 1 ? perResource : List.of())
                    .build());
          }
          return SimulatePrincipalPolicyResponse.builder()
              .evaluationResults(results)
              .isTruncated(false)
              .build();
        });
  }

  private static PolicyEvaluationDecisionType type(IamPolicy.Decision d) {
    switch (d) {
      case ALLOWED:
        return PolicyEvaluationDecisionType.ALLOWED;
      case EXPLICIT_DENY:
        return PolicyEvaluationDecisionType.EXPLICIT_DENY;
      default:
        return PolicyEvaluationDecisionType.IMPLICIT_DENY;
    }
  }

  private Role role(String name) {
    Role role = name == null ? null : world.roles.get(name);
    if (role == null) {
      throw noSuchEntity("The role with name " + name + " cannot be found.");
    }
    return role;
  }

  private static String policy(Role role, String name) {
    String doc = role.inlinePolicies.get(name);
    if (doc == null) {
      throw noSuchEntity("The role policy with name " + name + " cannot be found.");
    }
    return doc;
  }

  static RuntimeException noSuchEntity(String message) {
    return IAM.error(NoSuchEntityException.builder(), "NoSuchEntity", 404, message);
  }
}
