package io.lambdaefs.operator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.lambdaefs.operator.api.v1alpha1.LambdaEfsMount;
import io.lambdaefs.operator.aws.AwsClientFactory;
import io.lambdaefs.operator.aws.AwsClients;
import io.lambdaefs.operator.config.Tenancy;
import io.lambdaefs.operator.observe.Observation;
import io.lambdaefs.operator.observe.Observer;
import io.lambdaefs.operator.plan.DesiredMount;
import io.lambdaefs.operator.plan.Plan;
import io.lambdaefs.operator.plan.Planner;
import io.lambdaefs.operator.reconcile.ObservationRound;
import io.lambdaefs.operator.validate.CrdValidator;
import io.lambdaefs.operator.validate.ValidationError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Validates each document of a file against the CRD, then observes and plans it with the operator's
 * own Observer and Planner, the way a reconcile does, and stops there: no Executor, so nothing is
 * written. An invalid document is not planned and makes no AWS call.
 */
public final class PlanRunner {
  /**
   * What a resource from a file, which has no uid yet, is planned as: found objects are not its
   * own.
   */
  static final String UID_NAMESPACE = "lambdaefs.io/plan/";

  private final AwsClientFactory aws;
  private final CrdValidator validator;
  private final ObservationRound round;
  private final Planner planner;
  private final Tenancy tenancy;

  /** Function ARN -> the first document of this run that mounts it. */
  private final Map<String, DesiredMount> claims = new HashMap<>();

  /** With the operator's default tenancy (namespace tags required, no role to assume). */
  public PlanRunner(AwsClientFactory aws, CrdValidator validator, Clock clock) {
    this(aws, validator, clock, Tenancy.defaults());
  }

  public PlanRunner(AwsClientFactory aws, CrdValidator validator, Clock clock, Tenancy tenancy) {
    this.aws = aws;
    this.validator = validator;
    this.tenancy = tenancy;
    this.planner = new Planner(tenancy);
    this.round = new ObservationRound(new Observer(clock), planner);
  }

  /** Plans every document of a YAML file (documents separated by ---). */
  public List<DocumentPlan> plan(String yaml, String source) {
    List<Object> documents;
    try {
      documents = StrictYaml.documents(yaml);
    } catch (IOException e) {
      return List.of(
          new DocumentPlan(
              source,
              1,
              null,
              null,
              List.of(new ValidationError("", "not valid YAML: " + describe(e))),
              null,
              List.of()));
    }
    if (documents.isEmpty()) {
      return List.of(
          new DocumentPlan(
              source,
              1,
              null,
              null,
              List.of(new ValidationError("", "no LambdaEfsMount in the file")),
              null,
              List.of()));
    }
    List<DocumentPlan> plans = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      plans.add(planOne(documents.get(i), source, i + 1));
    }
    return List.copyOf(plans);
  }

  private DocumentPlan planOne(Object document, String source, int index) {
    CrdValidator.Result validation = validator.validate(document);
    String namespace =
        metadata(document, "namespace") == null ? "default" : metadata(document, "namespace");
    String name = metadata(document, "name");
    if (!validation.valid()) {
      return new DocumentPlan(source, index, namespace, name, validation.errors(), null, List.of());
    }
    LambdaEfsMount resource =
        Serialization.jsonMapper().convertValue(validation.object(), LambdaEfsMount.class);
    if (resource.getMetadata().getNamespace() == null) {
      resource.getMetadata().setNamespace("default");
    }
    if (resource.getMetadata().getUid() == null) {
      resource.getMetadata().setUid(placeholderUid(resource.getMetadata().getNamespace(), name));
    }
    DesiredMount desired = DesiredMount.of(resource);

    Plan refused = planner.refusal(desired);
    if (refused != null) {
      return new DocumentPlan(
          source, index, desired.namespace(), desired.name(), List.of(), refused, List.of());
    }
    // The reconciler's observe and plan, in the same order, with the same IAM second read.
    AwsClients clients = aws.clients(desired.awsTarget(tenancy.externalId()));
    Observation observation = round.observe(desired, clients, Observer.Purpose.POLL);
    String appliedUid = planner.appliedOwnerUid(desired, observation);
    if (appliedUid != null) {
      // The resource is applied already: plan as that resource, so what it owns in AWS is its own.
      resource.getMetadata().setUid(appliedUid);
      desired = DesiredMount.of(resource);
      observation = round.observe(desired, clients, Observer.Purpose.POLL);
    }
    if (observation.function().isFound()) {
      // Two documents for one function: the later one fails once the first is applied.
      DesiredMount first = claims.putIfAbsent(observation.function().value().arn(), desired);
      if (first != null && !first.owner().equals(desired.owner())) {
        observation = planner.claimedBy(first, observation);
      }
    }
    Plan plan = planner.plan(desired, observation);
    return new DocumentPlan(
        source,
        index,
        desired.namespace(),
        desired.name(),
        List.of(),
        plan,
        observation.transientFailures());
  }

  /** A stable uid per namespace/name, so repeated plans of one file are identical. */
  static String placeholderUid(String namespace, String name) {
    return UUID.nameUUIDFromBytes(
            (UID_NAMESPACE + namespace + "/" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /** One line: where the YAML broke and why, without the parser's excerpt of the file. */
  private static String describe(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException m && m.getProblemMark() != null) {
        return "line "
            + (m.getProblemMark().getLine() + 1)
            + ", column "
            + (m.getProblemMark().getColumn() + 1)
            + ": "
            + m.getProblem();
      }
    }
    if (e instanceof JsonProcessingException j) {
      String message = j.getOriginalMessage().replaceAll("\\s+", " ").trim();
      message = message.replaceFirst("^Duplicate field ", "duplicate key ");
      return j.getLocation() == null || j.getLocation().getLineNr() < 1
          ? message
          : "line "
              + j.getLocation().getLineNr()
              + ", column "
              + j.getLocation().getColumnNr()
              + ": "
              + message;
    }
    return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
  }

  private static String metadata(Object document, String field) {
    if (document instanceof Map<?, ?> map
        && map.get("metadata") instanceof Map<?, ?> meta
        && meta.get(field) instanceof String s) {
      return s;
    }
    return null;
  }
}
