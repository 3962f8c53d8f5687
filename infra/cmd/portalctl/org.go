package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"crmportal/shared/auth"
	"crmportal/shared/locale"
	"crmportal/shared/names"
	"crmportal/shared/store"
)

// Bounds of the limits the operator sets.
const (
	maxUserTypes = 20
	maxNameRunes = 200
	// invitationHours is how long a new organization's invitations stay valid.
	invitationHours = 72
)

func init() {
	register(command{name: "org create",
		synopsis: "--name NAME [--id ID] [--language pt-BR] [--time-format 24h] [--time-zone America/Sao_Paulo] [--country BR]",
		summary: "Creates an organization with the default limits (5 user types, 3000 free seats, no\n" +
			"licenses) and prints its id. The settings are the defaults its users start from.",
		run: orgCreate})
	register(command{name: "org limits",
		synopsis: "--org ID [--user-types N] [--free-seats N] [--license-pool N]",
		summary: "Changes an organization's limits: only the flags given change. Prints the limits\n" +
			"after the change (with no limit flag, the current ones).",
		run: orgLimits})
	register(command{name: "org list",
		synopsis: "[--limit N]",
		summary:  "Lists organizations, newest first: id, name, creation time and limits.",
		run:      orgList})
}

func orgCreate(ctx context.Context, c *cli, args []string) error {
	cmd := commands["org create"]
	fs := c.flagSet(cmd)
	name := fs.String("name", "", "the company's `NAME` (required, 1 to 200 characters)")
	id := fs.String("id", "", "the organization's `ID`, 8 to 40 of a-z and 0-9 (default: a new random id)")
	lang := fs.String("language", "pt-BR", "default `LANGUAGE` of its users, a BCP 47 tag")
	timeFormat := fs.String("time-format", "24h", "default `FORMAT` of times, 12h or 24h")
	timeZone := fs.String("time-zone", "America/Sao_Paulo", "default IANA time `ZONE`")
	country := fs.String("country", "BR", "default `COUNTRY`, ISO 3166-1 alpha-2")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	*name = strings.TrimSpace(*name)
	switch {
	case *name == "":
		return badUsage(cmd, fs, "--name is required")
	case utf8.RuneCountInString(*name) > maxNameRunes:
		return badUsage(cmd, fs, "--name must be at most %d characters", maxNameRunes)
	case names.Line(*name) != "":
		return badUsage(cmd, fs, "--name %s", names.Line(*name))
	case *id != "" && !auth.ValidID(*id):
		return badUsage(cmd, fs, "--id %q must be 8 to 40 characters from a-z and 0-9", *id)
	}
	for _, check := range []struct {
		flag, value string
		rule        func(string) string
	}{
		{"language", *lang, locale.CheckLanguage},
		{"time-format", *timeFormat, locale.CheckTimeFormat},
		{"time-zone", *timeZone, locale.CheckTimeZone},
		{"country", *country, locale.CheckCountry},
	} {
		if msg := check.rule(check.value); msg != "" {
			return badUsage(cmd, fs, "--%s %q: %s", check.flag, check.value, msg)
		}
	}
	if *id == "" {
		newID, err := auth.NewID()
		if err != nil {
			return err
		}
		*id = newID
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	err = st.CreateOrg(ctx, store.Org{ID: *id, Name: *name, Language: locale.Canonical(*lang), TimeFormat: *timeFormat,
		TimeZone: *timeZone, Country: *country, Limits: store.DefaultLimits, InvitationHours: invitationHours})
	if errors.Is(err, store.ErrExists) {
		return fmt.Errorf("organization %s exists already", *id)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, *id)
	return nil
}

// limitFlag is a limit flag and its bounds; max < 0 means no upper bound.
type limitFlag struct {
	name     string
	value    *int
	min, max int
}

func orgLimits(ctx context.Context, c *cli, args []string) error {
	cmd := commands["org limits"]
	fs := c.flagSet(cmd)
	org := fs.String("org", "", "the organization's `ID` (required)")
	userTypes := fs.Int("user-types", 0, "how many portal user types it may have, `N` from 1 to 20")
	freeSeats := fs.Int("free-seats", 0, "how many users the free user type may hold, `N` >= 0")
	licensePool := fs.Int("license-pool", 0, "licenses purchased for the other user types, `N` >= 0")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	if *org == "" {
		return badUsage(cmd, fs, "--org is required")
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var changes []limitFlag
	for _, l := range []limitFlag{
		{name: "user-types", value: userTypes, min: 1, max: maxUserTypes},
		{name: "free-seats", value: freeSeats, min: 0, max: -1},
		{name: "license-pool", value: licensePool, min: 0, max: -1},
	} {
		if !given[l.name] {
			continue
		}
		if *l.value < l.min || (l.max >= 0 && *l.value > l.max) {
			if l.max >= 0 {
				return badUsage(cmd, fs, "--%s must be %d to %d", l.name, l.min, l.max)
			}
			return badUsage(cmd, fs, "--%s must be %d or more", l.name, l.min)
		}
		changes = append(changes, l)
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	o, err := st.GetOrg(ctx, *org)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("organization %s not found", *org)
	}
	if err != nil {
		return err
	}
	if len(changes) > 0 {
		lim := o.Limits
		for _, ch := range changes {
			switch ch.name {
			case "user-types":
				lim.UserTypes = *ch.value
			case "free-seats":
				lim.FreeSeats = *ch.value
			case "license-pool":
				lim.LicensePool = *ch.value
			}
		}
		o, err = st.UpdateOrg(ctx, *org, store.OrgChanges{Limits: &lim})
		if errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("organization %s not found", *org)
		}
		if err != nil {
			return err
		}
	}
	printLimits(c.stdout, o)
	return nil
}

func printLimits(w io.Writer, o store.Org) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "organization\t%s\n", o.ID)
	fmt.Fprintf(tw, "user types\t%d\n", o.Limits.UserTypes)
	fmt.Fprintf(tw, "free seats\t%d\n", o.Limits.FreeSeats)
	fmt.Fprintf(tw, "license pool\t%d\n", o.Limits.LicensePool)
	tw.Flush()
}

func orgList(ctx context.Context, c *cli, args []string) error {
	cmd := commands["org list"]
	fs := c.flagSet(cmd)
	limit := fs.Int("limit", 0, "list at most `N` organizations (0: all)")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	if *limit < 0 {
		return badUsage(cmd, fs, "--limit must be 0 or more")
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	st := store.New(d.DynamoDB, d.Config.TableName, nil)
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tCREATED\tUSER TYPES\tFREE SEATS\tLICENSE POOL")
	n, cursor := 0, ""
	for {
		page := store.MaxPage
		if *limit > 0 && *limit-n < page {
			page = *limit - n
		}
		orgs, next, err := st.ListOrgs(ctx, page, cursor)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\n", o.ID, o.Name, o.CreatedAt.UTC().Format(time.RFC3339),
				o.Limits.UserTypes, o.Limits.FreeSeats, o.Limits.LicensePool)
		}
		n += len(orgs)
		if next == "" || (*limit > 0 && n >= *limit) {
			break
		}
		fmt.Fprintf(c.stderr, "org list: %d organizations read, reading more...\n", n)
		cursor = next
	}
	return tw.Flush()
}
