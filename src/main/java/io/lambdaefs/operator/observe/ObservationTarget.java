package io.lambdaefs.operator.observe;

import java.util.List;

/**
 * What to read: the objects a LambdaEfsMount names, and the uid its owned objects are tagged with.
 */
public record ObservationTarget(
    String functionName,
    String fileSystemId,
    String existingAccessPointId,
    List<String> extraSubnetIds,
    List<String> extraSecurityGroupIds,
    String ownerUid) {}
