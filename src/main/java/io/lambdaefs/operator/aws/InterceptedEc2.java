package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ServiceClientConfiguration;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupEgressResponse;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsResponse;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRouteTablesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupRulesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsResponse;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupEgressResponse;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressRequest;
import software.amazon.awssdk.services.ec2.model.RevokeSecurityGroupIngressResponse;

/** The Ec2 calls the operator makes, through an {@link InterceptorChain}. */
final class InterceptedEc2 implements Ec2Client {
  private final Ec2Client target;
  private final InterceptorChain chain;

  InterceptedEc2(Ec2Client target, InterceptorChain chain) {
    this.target = target;
    this.chain = chain;
  }

  @Override
  public String serviceName() {
    return target.serviceName();
  }

  @Override
  public Ec2ServiceClientConfiguration serviceClientConfiguration() {
    return target.serviceClientConfiguration();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest r) {
    return chain.call("DescribeSubnets", r, () -> target.describeSubnets(r));
  }

  @Override
  public DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest r) {
    return chain.call("DescribeSecurityGroups", r, () -> target.describeSecurityGroups(r));
  }

  @Override
  public DescribeSecurityGroupRulesResponse describeSecurityGroupRules(
      DescribeSecurityGroupRulesRequest r) {
    return chain.call("DescribeSecurityGroupRules", r, () -> target.describeSecurityGroupRules(r));
  }

  @Override
  public DescribeRouteTablesResponse describeRouteTables(DescribeRouteTablesRequest r) {
    return chain.call("DescribeRouteTables", r, () -> target.describeRouteTables(r));
  }

  @Override
  public AuthorizeSecurityGroupIngressResponse authorizeSecurityGroupIngress(
      AuthorizeSecurityGroupIngressRequest r) {
    return chain.call(
        "AuthorizeSecurityGroupIngress", r, () -> target.authorizeSecurityGroupIngress(r));
  }

  @Override
  public AuthorizeSecurityGroupEgressResponse authorizeSecurityGroupEgress(
      AuthorizeSecurityGroupEgressRequest r) {
    return chain.call(
        "AuthorizeSecurityGroupEgress", r, () -> target.authorizeSecurityGroupEgress(r));
  }

  @Override
  public RevokeSecurityGroupIngressResponse revokeSecurityGroupIngress(
      RevokeSecurityGroupIngressRequest r) {
    return chain.call("RevokeSecurityGroupIngress", r, () -> target.revokeSecurityGroupIngress(r));
  }

  @Override
  public RevokeSecurityGroupEgressResponse revokeSecurityGroupEgress(
      RevokeSecurityGroupEgressRequest r) {
    return chain.call("RevokeSecurityGroupEgress", r, () -> target.revokeSecurityGroupEgress(r));
  }

  @Override
  public CreateTagsResponse createTags(CreateTagsRequest r) {
    return chain.call("CreateTags", r, () -> target.createTags(r));
  }

  @Override
  public DeleteTagsResponse deleteTags(DeleteTagsRequest r) {
    return chain.call("DeleteTags", r, () -> target.deleteTags(r));
  }
}
