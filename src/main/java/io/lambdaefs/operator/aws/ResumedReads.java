package io.lambdaefs.operator.aws;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UntagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * A reconcile the {@link RateBudget} sent away resumes where it stopped: the function it had read
 * is answered again from what it read, once, when the reconcile comes back for its turn, instead of
 * being read again. What the reconcile shares with others comes from the shared reads; so its round
 * back costs no call before the write it waits for. The answer is not kept past the turn (plus
 * {@link RateBudget#GRACE}), and any write the operator makes to the function drops it. A change
 * made out of band meanwhile is caught where it matters: the function update names the RevisionId
 * read, which Lambda refuses once the function changed.
 *
 * <p>Goes before the rate budget among the interceptors, so that an answer it holds takes no token.
 */
public final class ResumedReads implements CallInterceptor {
  private record Read(String functionName, GetFunctionResponse response, Instant until) {}

  private final Clock clock;
  private final Map<String, Read> last = new ConcurrentHashMap<>();
  private final Map<String, Read> resumable = new ConcurrentHashMap<>();

  public ResumedReads(Clock clock) {
    this.clock = clock;
  }

  @Override
  public SdkResponse answer(ApiCall call) {
    String holder = MDC.get(RateBudget.HOLDER);
    if (holder == null || !(call.request() instanceof GetFunctionRequest r)) {
      return null;
    }
    Read read = resumable.remove(holder);
    if (read == null
        || !read.functionName().equals(r.functionName())
        || !clock.instant().isBefore(read.until())) {
      return null;
    }
    return read.response();
  }

  @Override
  public void after(ApiCall call, SdkResponse response, RuntimeException failure) {
    String holder = MDC.get(RateBudget.HOLDER);
    if (holder == null) {
      return;
    }
    if (call.request() instanceof GetFunctionRequest r
        && response instanceof GetFunctionResponse fn) {
      last.put(holder, new Read(r.functionName(), fn, null));
      return;
    }
    if (failure instanceof RateBudget.Deferred d) {
      Read read = last.remove(holder);
      if (read != null) {
        resumable.put(
            holder,
            new Read(
                read.functionName(),
                read.response(),
                clock.instant().plus(d.retryAfter()).plus(RateBudget.GRACE)));
      }
      return;
    }
    String written = function(call);
    if (written == null) {
      return;
    }
    resumable.values().removeIf(read -> written.endsWith(read.functionName()));
    Read own = last.get(holder);
    if (own != null && failure == null && written.endsWith(own.functionName())) {
      // Tags are not a new revision of the function: what was read, with the tags written.
      GetFunctionResponse tagged = withTags(own.response(), call.request());
      if (tagged != null) {
        last.put(holder, new Read(own.functionName(), tagged, null));
        return;
      }
    }
    last.remove(holder);
  }

  private static GetFunctionResponse withTags(GetFunctionResponse fn, Object request) {
    Map<String, String> tags = new LinkedHashMap<>(fn.tags());
    if (request instanceof TagResourceRequest t) {
      tags.putAll(t.tags());
    } else if (request instanceof UntagResourceRequest t) {
      t.tagKeys().forEach(tags::remove);
    } else {
      return null;
    }
    return fn.toBuilder().tags(tags).build();
  }

  /** How many reconciles hold a read to resume with. */
  int held() {
    return resumable.size();
  }

  private static String function(ApiCall call) {
    if (call.request() instanceof UpdateFunctionConfigurationRequest u) {
      return u.functionName();
    }
    if (call.request() instanceof TagResourceRequest t) {
      return t.resource();
    }
    if (call.request() instanceof UntagResourceRequest t) {
      return t.resource();
    }
    return null;
  }
}
