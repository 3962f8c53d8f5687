"""Counts the resources of template.yaml and of each nested stack after the SAM transform, with the pinned translator.

CloudFormation's limit is 500 resources a stack, counted after the transform: every
AWS::Serverless::Function becomes a function, its role and a permission per event, so the
template's own resource count says little. This runs the translator CloudFormation runs
(aws-sam-translator, pinned in infra/requirements-tools.txt) without AWS credentials on the root
template and on every template it includes (AWS::Serverless::Application with a local Location,
itself one AWS::CloudFormation::Stack of the root), prints each stack's count and its most
common types (every resource, conditional ones included: the count is what the largest
configuration creates), and exits 1 when any stack is above --budget, or when a template or its
expansion is over CloudFormation's 1 MB template size limit (a template uploaded to S3).

    .venv/bin/python infra/deploy/resources.py [--budget 300] [--top 8] template.yaml
"""

import argparse
import collections
import json
import logging
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


def children(path):
    """The templates path includes (nested applications with a local Location), by logical id."""
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    out = []
    for logical_id, resource in sorted(template.get("Resources", {}).items()):
        if resource.get("Type") != "AWS::Serverless::Application":
            continue
        location = resource.get("Properties", {}).get("Location")
        if not isinstance(location, str) or "://" in location:
            raise ValueError(f"{path}: {logical_id}: Location must be a local template file, got {location!r}")
        child = os.path.join(os.path.dirname(path), location)
        if not os.path.isfile(child):
            raise ValueError(f"{path}: {logical_id}: Location {location}: no such template")
        out.append(child)
    return out


def expand(path):
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    # sam build/package replace each function's folder by its S3 location before the
    # transform; the translator refuses a local path.
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource.setdefault("Properties", {})["CodeUri"] = "s3://bucket/key"
        # sam package does the same for a nested application's Location.
        if resource.get("Type") == "AWS::Serverless::Application":
            resource.setdefault("Properties", {})["Location"] = "https://s3.amazonaws.com/bucket/key"
    return transform(template, {}, NoManagedPolicies())


def count(path, budget, top):
    """Prints path's line and returns whether it is within the budget and the size limit."""
    try:
        expanded = expand(path)
    except InvalidDocumentException as e:
        print(f"{path}: the SAM transform fails: {e}", file=sys.stderr)
        return False
    resources = expanded["Resources"]
    sizes = {"template": os.path.getsize(path), "expanded": len(json.dumps(expanded, separators=(",", ":")))}
    too_big = [f"{k} {n} bytes" for k, n in sizes.items() if n > MAX_TEMPLATE_BYTES]
    if too_big:
        print(f"{path}: over CloudFormation's template size limit of {MAX_TEMPLATE_BYTES} bytes: {', '.join(too_big)}", file=sys.stderr)
        return False
    types = collections.Counter(r["Type"] for r in resources.values())
    most = ", ".join(f"{n} {t}" for t, n in types.most_common(top))
    line = (f"{path}: {len(resources)} resources after the SAM transform of a budget of {budget} (CloudFormation's limit: 500); "
            f"most: {most}; template {sizes['template']} bytes, expanded {sizes['expanded']} (limit {MAX_TEMPLATE_BYTES})")
    if len(resources) > budget:
        print(f"{line}\nover budget: see docs/deploy.md, \"The resource budget\", for where the resources go", file=sys.stderr)
        return False
    print(line)
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template")
    parser.add_argument("--budget", type=int, default=300)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    # Each transform leaves the translator's metrics unpublished (nothing publishes them here),
    # which it logs when the next one runs: noise, not a finding.
    logging.getLogger("samtranslator.metrics.metrics").setLevel(logging.ERROR)
    # The translator needs a region for ARNs; any gives the same count.
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    # Every stack, the root first, then the ones it includes (and theirs).
    todo, ok = [args.template], True
    while todo:
        path = todo.pop(0)
        try:
            todo.extend(children(path))
        except ValueError as e:
            print(e, file=sys.stderr)
            return 1
        ok = count(path, args.budget, args.top) and ok
    return 0 if ok else 1

if __name__ == "__main__":
    sys.exit(main())
