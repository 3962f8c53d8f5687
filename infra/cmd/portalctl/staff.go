package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"crmportal/shared/audit"
	"crmportal/shared/httpapi"
	"crmportal/shared/staffadmin"
	"crmportal/shared/staffpassword"
	"crmportal/shared/store"
)

func init() {
	register(command{name: "staff create",
		synopsis: "--org ID --email EMAIL --name NAME [--role admin|user]",
		summary: "Creates a staff account of the organization without a password, emails it the link that\n" +
			"sets the password (once, within 72 hours) and prints the link. When the email cannot be\n" +
			"sent, it warns and still prints the link, to hand over another way.",
		run: staffCreate})
	register(command{name: "staff deactivate",
		synopsis: "--org ID --email EMAIL",
		summary: "Deactivates a staff member: they can no longer log in, their sessions end and every API\n" +
			"token of theirs is deleted, at once. The organization keeps at least one active admin.",
		run: func(ctx context.Context, c *cli, args []string) error {
			return staffChange(ctx, c, "staff deactivate", args, staffadmin.Change{Status: store.StaffInactive})
		}})
	register(command{name: "staff activate",
		synopsis: "--org ID --email EMAIL",
		summary: "Activates a deactivated staff member again: they log in with their password (or ask for a\n" +
			"reset link). API tokens deleted by the deactivation do not come back.",
		run: func(ctx context.Context, c *cli, args []string) error {
			return staffChange(ctx, c, "staff activate", args, staffadmin.Change{Status: store.StaffActive})
		}})
	register(command{name: "staff role",
		synopsis: "--org ID --email EMAIL --role admin|user",
		summary: "Changes a staff member's role: their sessions end (they log in again with the new role),\n" +
			"and a demotion lowers their API tokens to the role user. The organization keeps at least\n" +
			"one active admin.",
		run: func(ctx context.Context, c *cli, args []string) error {
			return staffChange(ctx, c, "staff role", args, staffadmin.Change{})
		}})
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
	m := staffadmin.NewMember{Email: *email, Name: *name, Role: *role}
	refused := map[string]string{}
	for _, e := range m.Check() {
		refused[e.Field] = e.Message
	}
	switch {
	case *org == "":
		return badUsage(cmd, fs, "--org is required")
	case m.Email == "":
		return badUsage(cmd, fs, "--email is required")
	case refused["email"] != "":
		return badUsage(cmd, fs, "--email %q is not an email address", m.Email)
	case m.Name == "":
		return badUsage(cmd, fs, "--name is required")
	case refused["name"] != "":
		return badUsage(cmd, fs, "--name %s", refused["name"])
	case refused["role"] != "":
		return badUsage(cmd, fs, "--role must be admin or user, not %q", m.Role)
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	svc, st := staffadmin.New(d), store.New(d.DynamoDB, d.Config.TableName, nil)
	if _, err := st.GetOrg(ctx, *org); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("organization %s not found", *org)
	} else if err != nil {
		return err
	}
	taken := func() error {
		have, err := st.StaffByEmail(ctx, *email)
		if err != nil {
			return fmt.Errorf("%s is taken by another staff account", store.NormalizeEmail(*email))
		}
		return fmt.Errorf("%s is taken by a staff account of organization %s", have.Email, have.OrgID)
	}
	if _, err := st.StaffByEmail(ctx, *email); err == nil {
		return taken()
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	// The same creation as the console's (POST /api/admin/staff), audited as the operator's.
	added, err := svc.AddMember(ctx, nil, audit.Operator, *org, m)
	u, link, sendErr := added.Member, added.Link, added.SendErr
	switch {
	case errors.Is(err, staffadmin.ErrEmailTaken):
		return taken()
	case err != nil && u.ID != "":
		return fmt.Errorf("account %s created, but its password link could not be made: %w", u.ID, err)
	case err != nil:
		return err
	}
	fmt.Fprintf(c.stderr, "created staff account %s (%s, %s) in organization %s\n", u.ID, u.Email, u.Role, *org)
	switch {
	case sendErr != nil:
		fmt.Fprintf(c.stderr, "warning: the link was not emailed (%s); hand it to %s another way\n", oneLine(sendErr.Error()), u.Email)
	default:
		fmt.Fprintf(c.stderr, "emailed the link that sets the password (once, within %d hours) to %s\n", int(staffpassword.SetupLifetime.Hours()), u.Email)
	}
	if d.Config.PortalBaseURL == "" {
		fmt.Fprintln(c.stderr, "warning: PORTAL_BASE_URL is not set, so the link lacks the portal's address")
	}
	fmt.Fprintln(c.stdout, link)
	return nil
}

// staffChange runs a change of a member's role or status (staff deactivate, activate, role)
// through the console's own rules and side effects (staffadmin.Service.ChangeMember), audited as
// the operator's. It prints the member after the change.
func staffChange(ctx context.Context, c *cli, name string, args []string, change staffadmin.Change) error {
	cmd := commands[name]
	fs := c.flagSet(cmd)
	org := fs.String("org", "", "the organization's `ID` (required)")
	email := fs.String("email", "", "the staff member's `EMAIL` (required)")
	var role *string
	if name == "staff role" {
		role = fs.String("role", "", "the new `ROLE`: admin or user (required)")
	}
	if err := parse(cmd, fs, args); err != nil {
		return err
	}
	*email = strings.TrimSpace(*email)
	switch {
	case *org == "":
		return badUsage(cmd, fs, "--org is required")
	case *email == "":
		return badUsage(cmd, fs, "--email is required")
	case role != nil && *role != store.RoleAdmin && *role != store.RoleUser:
		return badUsage(cmd, fs, "--role must be admin or user, not %q", *role)
	}
	if role != nil {
		change.Role = *role
	}
	d, err := c.deps(ctx)
	if err != nil {
		return err
	}
	svc, st := staffadmin.New(d), store.New(d.DynamoDB, d.Config.TableName, nil)
	u, err := st.StaffByEmail(ctx, *email)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.OrgID != *org) {
		return fmt.Errorf("organization %s has no staff account %s", *org, store.NormalizeEmail(*email))
	}
	if err != nil {
		return err
	}
	after, err := svc.ChangeMember(ctx, nil, audit.Operator, "", *org, u.ID, change)
	if err != nil {
		var he *httpapi.Error
		if errors.As(err, &he) && he.Kind != httpapi.Internal {
			return errors.New(he.Detail)
		}
		return err
	}
	if after.Role == u.Role && after.Status == u.Status {
		fmt.Fprintf(c.stderr, "%s is %s and %s already; nothing changed\n", after.Email, after.Role, after.Status)
	} else {
		fmt.Fprintf(c.stderr, "%s: %s and %s, now %s and %s\n", after.Email, u.Role, u.Status, after.Role, after.Status)
	}
	fmt.Fprintf(c.stdout, "%s\t%s\t%s\t%s\n", after.ID, after.Email, after.Role, after.Status)
	return nil
}
