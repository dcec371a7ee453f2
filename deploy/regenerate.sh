#!/usr/bin/env bash
# Regenerates the generated files from their sources, then checks them:
#   1. crds/lambdaefsmounts.lambdaefs.io-v1.yml and its copy in the Helm chart, from the Java API model
#      (crd-generator runs in process-classes);
#   2. deploy/NN-*.yaml and deploy/kustomization.yaml, from the Helm chart's default rendering
#      (DeployManifestsTest writes them when run with -Dregenerate=true; real Helm via helm-java,
#      so no helm binary is needed);
#   3. deploy/iam/operator-policy-single-tenant.json, from deploy/iam/operator-policy.json (IamPolicyTest
#      writes it when run with -Dregenerate=true).
# Run from anywhere: deploy/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."

crd=lambdaefsmounts.lambdaefs.io-v1.yml
./mvnw -B -q process-classes
cp "target/classes/META-INF/fabric8/$crd" "crds/$crd"
cp "crds/$crd" "helm/lambda-efs-operator/crds/$crd"

./mvnw -B -q test -Dtest='io.lambdaefs.operator.ship.DeployManifestsTest,io.lambdaefs.operator.ship.IamPolicyTest' -Dregenerate=true
./mvnw -B -q test -Dtest='io.lambdaefs.operator.ship.**'
git status --short crds helm deploy
