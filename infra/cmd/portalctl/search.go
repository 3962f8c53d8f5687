package main

import (
	"context"
	"fmt"

	"crmportal/shared/crm"
	"crmportal/shared/modules"
	"crmportal/shared/store"
)

func init() {
	register(command{name: "search reindex",
		synopsis: "--org ID [--module MODULE]",
		summary: "Writes the search keys of every record of an organization (or of one module):\n" +
			"for records stored before search existed, or after an upgrade that searches more\n" +
			"fields. Safe to run again. Prints the records and keys written per module.",
		run: searchReindex})
}

func searchReindex(ctx context.Context, c *cli, args []string) error {
	cmd := commands["search reindex"]
	fs := c.flagSet(cmd)
	org := fs.String("org", "", "the organization's `ID` (required)")
	only := fs.String("module", "", "only this `MODULE` (default: every module)")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	if *org == "" {
		return badUsage(cmd, fs, "--org is required")
	}
	var names []string
	for _, m := range crm.Standard() {
		if *only == "" || m.APIName == *only {
			names = append(names, m.APIName)
		}
	}
	if len(names) == 0 {
		return badUsage(cmd, fs, "--module %q is not a module", *only)
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	mods, err := modules.New(st).Modules(ctx, *org, names)
	if err != nil {
		return err
	}
	for _, name := range names {
		records, keys, err := st.ReindexSearch(ctx, mods[name], *org)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "%s\t%d records\t%d keys\n", name, records, keys)
	}
	return nil
}
