package io.lambdaefs.operator.observe;

public record SubnetView(String id, String vpcId, String azId, String azName, String cidr) {}
