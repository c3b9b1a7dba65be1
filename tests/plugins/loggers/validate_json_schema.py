#!/usr/bin/python3
"""Validates a JSON document against a JSON schema; exit 1 with the reason when it fails.

    validate_json_schema.py SCHEMA.json DOCUMENT.json
"""
import json
import sys

import jsonschema


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2]) as f:
        document = json.load(f)
    # WfFormat's "$schema" is the unversioned http://json-schema.org/schema#,
    # which jsonschema does not map to a draft: validate as draft 7.
    validator = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    if schema.get("$schema") == "http://json-schema.org/schema#":
        validator = jsonschema.Draft7Validator
    validator.check_schema(schema)
    errors = sorted(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(document), key=str)
    for error in errors:
        print(f"{'/'.join(map(str, error.absolute_path))}: {error.message}", file=sys.stderr)
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
