"""Counts the resources of template.yaml after the SAM transform, with the pinned translator.

CloudFormation's limit is 500 resources a stack, counted after the transform: every
AWS::Serverless::Function becomes a function, its role and a permission per event, so the
template's own resource count says little. This runs the translator CloudFormation runs
(aws-sam-translator, pinned in infra/requirements-tools.txt) without AWS credentials, prints the
count and the most common types (every resource, conditional ones included: the count is
what the largest configuration creates), and exits 1 above --budget, or when the template or its
expansion is over CloudFormation's 1 MB template size limit (a template uploaded to S3).

    .venv/bin/python infra/deploy/resources.py [--budget 300] [--top 8] template.yaml
"""

import argparse
import collections
import json
import os
import sys

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


# CloudFormation's limit on a template body uploaded to S3 (sam deploy uploads it).
MAX_TEMPLATE_BYTES = 1_000_000


class NoManagedPolicies:
    """The translator asks for the account's managed policies only to resolve policy names
    in Policies; the template names none (its policies are statements and SAM templates)."""

    def load(self):
        return {}


def expand(path):
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # sam build/package replace each function's folder by its S3 location before the
    # transform; the translator refuses a local path.
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource.setdefault("Properties", {})["CodeUri"] = "s3://bucket/key"
    return transform(template, {}, NoManagedPolicies())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template")
    parser.add_argument("--budget", type=int, default=300)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    # The translator needs a region for ARNs; any gives the same count.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        expanded = expand(args.template)
    except InvalidDocumentException as e:
        print(f"{args.template}: the SAM transform fails: {e}", file=sys.stderr)
        return 1
    resources = expanded["Resources"]
    sizes = {"template": os.path.getsize(args.template), "expanded": len(json.dumps(expanded, separators=(",", ":")))}
    too_big = [f"{k} {n} bytes" for k, n in sizes.items() if n > MAX_TEMPLATE_BYTES]
    if too_big:
        print(f"over CloudFormation's template size limit of {MAX_TEMPLATE_BYTES} bytes: {', '.join(too_big)}", file=sys.stderr)
        return 1
    types = collections.Counter(r["Type"] for r in resources.values())
    top = ", ".join(f"{n} {t}" for t, n in types.most_common(args.top))
    line = (f"resources after the SAM transform: {len(resources)} of a budget of {args.budget} (CloudFormation's limit: 500); "
            f"most: {top}; template {sizes['template']} bytes, expanded {sizes['expanded']} (limit {MAX_TEMPLATE_BYTES})")
    if len(resources) > args.budget:
        print(f"{line}\nover budget: see README, Deploy, for how the stack stays under it", file=sys.stderr)
        return 1
    print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
