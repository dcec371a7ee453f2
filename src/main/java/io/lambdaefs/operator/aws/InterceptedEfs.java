package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.EfsServiceClientConfiguration;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemPolicyResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetSecurityGroupsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.PutFileSystemPolicyRequest;
import software.amazon.awssdk.services.efs.model.PutFileSystemPolicyResponse;
import software.amazon.awssdk.services.efs.model.TagResourceRequest;
import software.amazon.awssdk.services.efs.model.TagResourceResponse;
import software.amazon.awssdk.services.efs.model.UntagResourceRequest;
import software.amazon.awssdk.services.efs.model.UntagResourceResponse;

/** The Efs calls the operator makes, through an {@link InterceptorChain}. */
final class InterceptedEfs implements EfsClient {
  private final EfsClient target;
  private final InterceptorChain chain;

  InterceptedEfs(EfsClient target, InterceptorChain chain) {
    this.target = target;
    this.chain = chain;
  }

  @Override
  public String serviceName() {
    return target.serviceName();
  }

  @Override
  public EfsServiceClientConfiguration serviceClientConfiguration() {
    return target.serviceClientConfiguration();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public DescribeFileSystemsResponse describeFileSystems(DescribeFileSystemsRequest r) {
    return chain.call("DescribeFileSystems", r, () -> target.describeFileSystems(r));
  }

  @Override
  public DescribeMountTargetsResponse describeMountTargets(DescribeMountTargetsRequest r) {
    return chain.call("DescribeMountTargets", r, () -> target.describeMountTargets(r));
  }

  @Override
  public DescribeMountTargetSecurityGroupsResponse describeMountTargetSecurityGroups(
      DescribeMountTargetSecurityGroupsRequest r) {
    return chain.call(
        "DescribeMountTargetSecurityGroups", r, () -> target.describeMountTargetSecurityGroups(r));
  }

  @Override
  public DescribeAccessPointsResponse describeAccessPoints(DescribeAccessPointsRequest r) {
    return chain.call("DescribeAccessPoints", r, () -> target.describeAccessPoints(r));
  }

  @Override
  public CreateAccessPointResponse createAccessPoint(CreateAccessPointRequest r) {
    return chain.call("CreateAccessPoint", r, () -> target.createAccessPoint(r));
  }

  @Override
  public DeleteAccessPointResponse deleteAccessPoint(DeleteAccessPointRequest r) {
    return chain.call("DeleteAccessPoint", r, () -> target.deleteAccessPoint(r));
  }

  @Override
  public DescribeFileSystemPolicyResponse describeFileSystemPolicy(
      DescribeFileSystemPolicyRequest r) {
    return chain.call("DescribeFileSystemPolicy", r, () -> target.describeFileSystemPolicy(r));
  }

  @Override
  public PutFileSystemPolicyResponse putFileSystemPolicy(PutFileSystemPolicyRequest r) {
    return chain.call("PutFileSystemPolicy", r, () -> target.putFileSystemPolicy(r));
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest r) {
    return chain.call("TagResource", r, () -> target.tagResource(r));
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest r) {
    return chain.call("UntagResource", r, () -> target.untagResource(r));
  }
}
