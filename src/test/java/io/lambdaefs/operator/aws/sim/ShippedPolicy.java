package io.lambdaefs.operator.aws.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
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

  /** The policy for an operator run with --require-namespace-tags=false, beside the shipped one. */
  public static final String SINGLE_TENANT_FILE = "operator-policy-single-tenant.json";

  private static final String ALLOWED_NAMESPACES =
      "aws:ResourceTag/lambdaefs.io/allowed-namespaces";

  /**
   * The shipped policy without its conditions on lambdaefs.io/allowed-namespaces (a condition block
   * left empty goes too), formatted as the shipped file is.
   */
  public static String singleTenant() {
    ObjectNode root = tree();
    for (JsonNode statement : root.get("Statement")) {
      JsonNode condition = statement.get("Condition");
      if (condition == null) {
        continue;
      }
      for (Iterator<JsonNode> ops = condition.elements(); ops.hasNext(); ) {
        ObjectNode op = (ObjectNode) ops.next();
        op.remove(ALLOWED_NAMESPACES);
        if (op.isEmpty()) {
          ops.remove();
        }
      }
      if (condition.isEmpty()) {
        ((ObjectNode) statement).remove("Condition");
      }
    }
    try {
      return JSON.writer(new AsShipped()).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped file's layout: two spaces, one element per line, "key": value. */
  private static final class AsShipped extends DefaultPrettyPrinter {
    AsShipped() {
      DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
      _arrayIndenter = indenter;
      _objectIndenter = indenter;
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new AsShipped();
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }
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
