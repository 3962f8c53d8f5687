package main

import (
	"context"
	"fmt"

	"crmportal/infra/seed"
	"crmportal/shared/auth"
	"crmportal/shared/store"
)

func init() {
	register(command{name: "seed demo",
		synopsis: "[--password P]",
		summary: "Creates the demo organization " + seed.DemoOrgID + " (" + seed.DemoOrgName + "), its staff admin " + seed.DemoAdminEmail + ",\n" +
			"the staff user " + seed.DemoUserEmail + " and " + fmt.Sprint(seed.DemoRecords) + " CRM records, unless it exists. Both accounts get\n" +
			"the password of --password, else of the environment's DEMO_PASSWORD, else a new one that is printed.",
		run: seedDemo})
}

func seedDemo(ctx context.Context, c *cli, args []string) error {
	cmd := commands["seed demo"]
	fs := c.flagSet(cmd)
	flagPassword := fs.String("password", "", "the staff accounts' password `P`, 12 characters or more (default: $DEMO_PASSWORD, else a new one)")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	password, source, err := demoPassword(*flagPassword, c.env("DEMO_PASSWORD"))
	if err != nil {
		return err
	}
	if msg := auth.CheckPassword(password, seed.DemoAdminEmail); msg != "" {
		return badUsage(cmd, fs, "%s: %s", source, msg)
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	res, err := seed.Demo(ctx, store.New(d.DynamoDB, d.Config.TableName, nil), password, func(line string) { fmt.Fprintln(c.stderr, line) })
	if err != nil {
		return err
	}
	if !res.Created {
		fmt.Fprintf(c.stdout, "demo organization %s exists already; nothing changed (staff admin %s)\n", res.OrgID, res.AdminEmail)
		return nil
	}
	fmt.Fprintf(c.stdout, "demo organization %s created (%d records)\n", res.OrgID, res.Records)
	fmt.Fprintf(c.stdout, "staff admin: %s\n", res.AdminEmail)
	if source == "generated password" {
		fmt.Fprintf(c.stdout, "password:    %s\n", password)
	} else {
		fmt.Fprintf(c.stdout, "password:    as given by %s\n", source)
	}
	if base := d.Config.PortalBaseURL; base != "" {
		fmt.Fprintf(c.stdout, "log in at:   %s/admin\n", base)
	}
	return nil
}

// demoPassword picks the demo password: the flag's, else the environment's, else a new one
// (seed.NewPassword). source names where it came from.
func demoPassword(flagValue, envValue string) (password, source string, err error) {
	switch {
	case flagValue != "":
		return flagValue, "--password", nil
	case envValue != "":
		return envValue, "DEMO_PASSWORD", nil
	}
	p, err := seed.NewPassword()
	if err != nil {
		return "", "", err
	}
	return p, "generated password", nil
}
