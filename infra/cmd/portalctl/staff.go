package main

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"crmportal/shared/auth"
	"crmportal/shared/staff"
	"crmportal/shared/store"
)

const maxEmailLength = 254

func init() {
	register(command{name: "staff create",
		synopsis: "--org ID --email EMAIL --name NAME [--role admin|user]",
		summary: "Creates a staff account of the organization without a password, emails it the link that\n" +
			"sets the password (once, within 72 hours) and prints the link. When the email cannot be\n" +
			"sent, it warns and still prints the link, to hand over another way.",
		run: staffCreate})
}

func staffCreate(ctx context.Context, c *cli, args []string) error {
	cmd := commands["staff create"]
	fs := c.flagSet(cmd)
	org := fs.String("org", "", "the organization's `ID` (required)")
	email := fs.String("email", "", "the staff member's `EMAIL`, unique in the deployment (required)")
	name := fs.String("name", "", "the staff member's `NAME` (required)")
	role := fs.String("role", store.RoleUser, "`ROLE`: admin (manages the portal and the organization) or user")
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	*email = strings.TrimSpace(*email)
	*name = strings.TrimSpace(*name)
	switch {
	case *org == "":
		return badUsage(cmd, fs, "--org is required")
	case *email == "":
		return badUsage(cmd, fs, "--email is required")
	case !validEmail(*email):
		return badUsage(cmd, fs, "--email %q is not an email address", *email)
	case *name == "":
		return badUsage(cmd, fs, "--name is required")
	case utf8.RuneCountInString(*name) > maxNameRunes:
		return badUsage(cmd, fs, "--name must be at most %d characters", maxNameRunes)
	case *role != store.RoleAdmin && *role != store.RoleUser:
		return badUsage(cmd, fs, "--role must be admin or user, not %q", *role)
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	svc := staff.New(d)
	if _, err := svc.Store.GetOrg(ctx, *org); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("organization %s not found", *org)
	} else if err != nil {
		return err
	}
	taken := func() error {
		have, err := svc.Store.StaffByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("%s is taken by another staff account", store.NormalizeEmail(*email))
		}
		return fmt.Errorf("%s is taken by a staff account of organization %s", have.Email, have.OrgID)
	}
	if _, err := svc.Store.StaffByEmail(ctx, *email); err == nil {
		return taken()
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	id, err := auth.NewID()
	if err != nil {
		return err
	}
	u := store.Staff{OrgID: *org, ID: id, Email: store.NormalizeEmail(*email), Name: *name, Role: *role}
	err = svc.Store.CreateStaff(ctx, u)
	if errors.Is(err, store.ErrExists) {
		return taken()
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "created staff account %s (%s, %s) in organization %s\n", id, u.Email, u.Role, *org)
	link, err := svc.SendPasswordLink(ctx, u, true)
	switch {
	case err != nil && link == "":
		return fmt.Errorf("account %s created, but its password link could not be made: %w", id, err)
	case err != nil:
		fmt.Fprintf(c.stderr, "warning: the link was not emailed (%s); hand it to %s another way\n", oneLine(err.Error()), u.Email)
	default:
		fmt.Fprintf(c.stderr, "emailed the link that sets the password (once, within %d hours) to %s\n", int(staff.SetupLifetime.Hours()), u.Email)
	}
	if d.Config.PortalBaseURL == "" {
		fmt.Fprintln(c.stderr, "warning: PORTAL_BASE_URL is not set, so the link lacks the portal's address")
	}
	fmt.Fprintln(c.stdout, link)
	return nil
}

// validEmail accepts a bare address (no display name) of at most 254 characters.
func validEmail(s string) bool {
	if len(s) > maxEmailLength {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}
