package io.lambdaefs.operator.aws;

import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaServiceClientConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsRequest;
import software.amazon.awssdk.services.lambda.model.ListProvisionedConcurrencyConfigsResponse;
import software.amazon.awssdk.services.lambda.model.ListTagsRequest;
import software.amazon.awssdk.services.lambda.model.ListTagsResponse;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.TagResourceResponse;
import software.amazon.awssdk.services.lambda.model.UntagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UntagResourceResponse;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationResponse;

/** The Lambda calls the operator makes, through an {@link InterceptorChain}. */
final class InterceptedLambda implements LambdaClient {
  private final LambdaClient target;
  private final InterceptorChain chain;

  InterceptedLambda(LambdaClient target, InterceptorChain chain) {
    this.target = target;
    this.chain = chain;
  }

  @Override
  public String serviceName() {
    return target.serviceName();
  }

  @Override
  public LambdaServiceClientConfiguration serviceClientConfiguration() {
    return target.serviceClientConfiguration();
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public GetFunctionResponse getFunction(GetFunctionRequest r) {
    return chain.call("GetFunction", r, () -> target.getFunction(r));
  }

  @Override
  public GetFunctionConfigurationResponse getFunctionConfiguration(
      GetFunctionConfigurationRequest r) {
    return chain.call("GetFunctionConfiguration", r, () -> target.getFunctionConfiguration(r));
  }

  @Override
  public UpdateFunctionConfigurationResponse updateFunctionConfiguration(
      UpdateFunctionConfigurationRequest r) {
    return chain.call(
        "UpdateFunctionConfiguration", r, () -> target.updateFunctionConfiguration(r));
  }

  @Override
  public TagResourceResponse tagResource(TagResourceRequest r) {
    return chain.call("TagResource", r, () -> target.tagResource(r));
  }

  @Override
  public UntagResourceResponse untagResource(UntagResourceRequest r) {
    return chain.call("UntagResource", r, () -> target.untagResource(r));
  }

  @Override
  public ListTagsResponse listTags(ListTagsRequest r) {
    return chain.call("ListTags", r, () -> target.listTags(r));
  }

  @Override
  public ListProvisionedConcurrencyConfigsResponse listProvisionedConcurrencyConfigs(
      ListProvisionedConcurrencyConfigsRequest r) {
    return chain.call(
        "ListProvisionedConcurrencyConfigs", r, () -> target.listProvisionedConcurrencyConfigs(r));
  }
}
