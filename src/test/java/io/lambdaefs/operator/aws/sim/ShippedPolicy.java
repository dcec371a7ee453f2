package io.lambdaefs.operator.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** deploy/iam/operator-policy.json as users install it, and variations of it for tests. */
public final class ShippedPolicy {
  public static final Path FILE = Path.of("deploy/iam/operator-policy.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ShippedPolicy() {}

  public static String document() {
    try {
      return Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The policy for another partition, made the way docs/iam.md tells users of aws-cn and aws-us-gov
   * to make it: {@code sed 's/arn:aws:/arn:<partition>:/g'}.
   */
  public static String forPartition(String partition) {
    return document().replace("arn:aws:", "arn:" + partition + ":");
  }

  /** The command docs/iam.md gives for a partition. */
  public static String command(String partition) {
    return "sed 's/arn:aws:/arn:" + partition + ":/g' deploy/iam/operator-policy.json";
  }

  /** The Sids of the policy's statements, in order. */
  public static List<String> sids() {
    List<String> out = new ArrayList<>();
    tree().get("Statement").forEach(s -> out.add(s.get("Sid").asText()));
    return out;
  }

  /** The policy without the statement of this Sid. */
  public static String without(String sid) {
    ObjectNode root = tree();
    ArrayNode statements = (ArrayNode) root.get("Statement");
    boolean removed = false;
    for (Iterator<JsonNode> it = statements.iterator(); it.hasNext(); ) {
      if (it.next().get("Sid").asText().equals(sid)) {
        it.remove();
        removed = true;
      }
    }
    if (!removed) {
      throw new IllegalArgumentException("no statement " + sid + " in " + FILE);
    }
    return root.toString();
  }

  /** The Sid of the statement docs/iam.md tells users of spec.roleArn to add. */
  public static final String ASSUME_ROLE_SID = "AssumeAllowedRoles";

  /**
   * The policy with the statement docs/iam.md gives for spec.roleArn: sts:AssumeRole on exactly the
   * roles the operator's allow-list permits.
   */
  public static String withAssumeRole(String... roleArns) {
    ObjectNode root = tree();
    ObjectNode statement = ((ArrayNode) root.get("Statement")).addObject();
    statement.put("Sid", ASSUME_ROLE_SID);
    statement.put("Effect", "Allow");
    statement.put("Action", "sts:AssumeRole");
    ArrayNode resources = statement.putArray("Resource");
    for (String arn : roleArns) {
      resources.add(arn);
    }
    return root.toString();
  }

  private static ObjectNode tree() {
    try {
      return (ObjectNode) JSON.readTree(document());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
