package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.IamServiceClientConfiguration;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.DeleteRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesRequest;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.PutRolePolicyResponse;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;

/** The Iam calls the operator makes, through an {@link InterceptorChain}. */
final class InterceptedIam implements IamClient {
  private final IamClient target;
  private final InterceptorChain chain;

  InterceptedIam(IamClient target, InterceptorChain chain) {
    this.target = target;
    this.chain = chain;
  }

  @Override
  public String serviceName() {
    return target.serviceName();
  }

  @Override
  public IamServiceClientConfiguration serviceClientConfiguration() {
    return target.serviceClientConfiguration();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public GetRoleResponse getRole(GetRoleRequest r) {
    return chain.call("GetRole", r, () -> target.getRole(r));
  }

  @Override
  public GetRolePolicyResponse getRolePolicy(GetRolePolicyRequest r) {
    return chain.call("GetRolePolicy", r, () -> target.getRolePolicy(r));
  }

  @Override
  public PutRolePolicyResponse putRolePolicy(PutRolePolicyRequest r) {
    return chain.call("PutRolePolicy", r, () -> target.putRolePolicy(r));
  }

  @Override
  public DeleteRolePolicyResponse deleteRolePolicy(DeleteRolePolicyRequest r) {
    return chain.call("DeleteRolePolicy", r, () -> target.deleteRolePolicy(r));
  }

  @Override
  public ListRolePoliciesResponse listRolePolicies(ListRolePoliciesRequest r) {
    return chain.call("ListRolePolicies", r, () -> target.listRolePolicies(r));
  }

  @Override
  public SimulatePrincipalPolicyResponse simulatePrincipalPolicy(SimulatePrincipalPolicyRequest r) {
    return chain.call("SimulatePrincipalPolicy", r, () -> target.simulatePrincipalPolicy(r));
  }
}
