"""Prints, as JSON by logical id, the environment `sam local invoke --env-vars FILE` gives each
function of TEMPLATE, computed by the pinned SAM CLI's own code (the part that runs before
Docker): SamFunctionProvider resolves the template, LocalLambdaRunner._make_env_vars merges
the file. The AWS variables SAM adds itself are left out.

Usage: python sam_env.py TEMPLATE FILE
"""
import json
import sys

from samcli.commands.local.lib.local_lambda import LocalLambdaRunner
from samcli.lib.providers.sam_function_provider import SamFunctionProvider
from samcli.lib.providers.sam_stack_provider import SamLocalStackProvider


class Runner(LocalLambdaRunner):
    # Only what _make_env_vars reads; nothing here talks to Docker.
    def __init__(self, env_vars_values):
        self.env_vars_values = env_vars_values
        self.aws_profile = None
        self.aws_region = None
        self.debug_context = None
        self._boto3_session_creds = None
        self._boto3_region = None


def main(template, env_file):
    stacks, _ = SamLocalStackProvider.get_stacks(template)
    provider = SamFunctionProvider(stacks)
    with open(env_file) as f:
        runner = Runner(json.load(f))
    out = {}
    for fn in provider.get_all():
        env = runner._make_env_vars(fn).resolve()
        declared = ((fn.environment or {}).get("Variables") or {}).keys()
        out[fn.name] = {k: env[k] for k in declared}
    json.dump(out, sys.stdout, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
