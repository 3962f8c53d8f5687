// Command dev runs the portal on one machine: the local stack (DynamoDB, S3 and SES
// emulators), the table and bucket from template.yaml, and the local gateway serving every
// route of template.yaml and the built web app. `make dev` runs it; Ctrl-C stops everything.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"crmportal/infra/gateway"
	"crmportal/infra/seed"
	"crmportal/infra/stack"
	"crmportal/shared/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

func run() error {
	port := flag.Int("port", envInt("PORT", stack.DevPortalPort), "port of the portal (0 picks a free one)")
	dataDir := flag.String("data", ".dev-data", "folder that keeps DynamoDB and S3 data across restarts")
	memory := flag.Bool("memory", false, "keep data in memory and use free ports for the emulators (tests)")
	inboxPort := flag.Int("inbox-port", stack.DevSESPort, "port of the SES emulator and its web inbox")
	// Fixed, so that sam local's events/env.local.json can name them.
	dynamoDBPort := flag.Int("dynamodb-port", envInt("DYNAMODB_PORT", stack.DevDynamoDBPort), "port of the DynamoDB emulator (or DYNAMODB_PORT; 0 picks a free one)")
	s3Port := flag.Int("s3-port", envInt("S3_PORT", stack.DevS3Port), "port of the S3 emulator (or S3_PORT; 0 picks a free one)")
	sqsPort := flag.Int("sqs-port", envInt("SQS_PORT", stack.DevSQSPort), "port of the SQS emulator (or SQS_PORT; 0 picks a free one)")
	webDir := flag.String("web", "web/dist", "the built web app")
	urlFile := flag.String("url-file", "", "write the portal's base URL to this file once it serves")
	verbose := flag.Bool("v", false, "print the emulators' output")
	noIAM := flag.Bool("no-iam", false, "do not hold the functions' AWS calls to their template.yaml policies (IAM is enforced by default)")
	lambdaRIE := flag.Bool("lambda-rie", os.Getenv("LAMBDA_RUNTIME") == "rie", "run each route's function as Lambda runs it: built for linux like `make build` on its first call and started under bin/aws-lambda-rie (or LAMBDA_RUNTIME=rie)")
	flag.Parse()

	root, err := stack.FindRoot()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", *port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w (set PORT to use another)", *port, err)
	}
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)

	opts := stack.Options{Root: root, PortalOrigin: base, SESPort: *inboxPort, DynamoDBPort: *dynamoDBPort, S3Port: *s3Port, SQSPort: *sqsPort}
	if *memory {
		opts.SESPort, opts.DynamoDBPort, opts.S3Port, opts.SQSPort = 0, 0, 0, 0
	} else {
		opts.DataDir = filepath.Join(root, *dataDir)
	}
	if *verbose {
		opts.Log = os.Stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	startCtx, cancel := context.WithTimeout(ctx, 60*time.Second)
	st, err := stack.Start(startCtx, opts)
	cancel()
	if err != nil {
		return err
	}
	defer st.Close()

	web := *webDir
	if !filepath.IsAbs(web) {
		web = filepath.Join(root, web)
	}
	var gwOpts []gateway.Option
	if *noIAM {
		gwOpts = append(gwOpts, gateway.WithoutIAM())
		fmt.Println("IAM enforcement is OFF (-no-iam): calls that AWS would deny will succeed here.")
	}
	gw, deps, err := localGateway(ctx, st, root, base, web, *lambdaRIE, gwOpts)
	if err != nil {
		return err
	}
	defer gw.close()
	password, err := demoPassword(opts.DataDir)
	if err != nil {
		return err
	}
	res, err := seed.Demo(ctx, store.New(deps.DynamoDB, deps.Config.TableName, nil), password, func(line string) { fmt.Println(line) })
	if err != nil {
		return fmt.Errorf("seed the demo organization: %w", err)
	}
	srv := &http.Server{Handler: gw, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Printf("\nPortal is running.\n")
	fmt.Printf("  Customer portal:  %s/p/acme\n", base)
	fmt.Printf("  Staff console:    %s/admin\n", base)
	fmt.Printf("  Health:           %s/api/health?deep=1\n", base)
	fmt.Printf("  Email inbox:      %s\n", st.SESURL)
	fmt.Printf("  DynamoDB, S3:     %s, %s (sam local: events/env.local.json)\n", st.DynamoDBURL, st.S3URL)
	fmt.Printf("  SQS:              %s (moto's server; queues and messages in memory; sam local: events/env.local.json)\n", st.SQSURL)
	fmt.Printf("  Staff login:      %s / %s\n", seed.DemoAdminEmail, password)
	if res.CustomerEmail != "" {
		fmt.Printf("  Customer login:   %s / %s at %s/p/acme/login\n", res.CustomerEmail, password, base)
	}
	if !*memory {
		fmt.Printf("  Data kept in:     %s (make dev-reset wipes it)\n", *dataDir)
	}
	fmt.Printf("Press Ctrl-C to stop.\n\n")
	if !*memory {
		// The operator CLI's --local reads the stack's variables from here.
		envFile := filepath.Join(opts.DataDir, "stack.env")
		if err := os.WriteFile(envFile, []byte(strings.Join(st.Env(base), "\n")+"\n"), 0o600); err != nil {
			return err
		}
	}
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(base), 0o644); err != nil {
			return err
		}
	}
	slog.SetDefault(deps.Logger)

	select {
	case <-ctx.Done():
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return err
		}
	}
	fmt.Println("\nStopping...")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shutdown)
	gw.Wait()
	return nil
}

// demoPassword is the demo staff's password: $DEMO_PASSWORD, else the one generated on an
// earlier run (kept in the data folder, so it can be printed again), else a new one.
func demoPassword(dataDir string) (string, error) {
	if p := os.Getenv("DEMO_PASSWORD"); p != "" {
		return p, nil
	}
	file := ""
	if dataDir != "" {
		file = filepath.Join(dataDir, "demo-password")
		if b, err := os.ReadFile(file); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			return strings.TrimSpace(string(b)), nil
		}
	}
	p, err := seed.NewPassword()
	if err != nil {
		return "", err
	}
	if file != "" {
		if err := os.WriteFile(file, []byte(p+"\n"), 0o600); err != nil {
			return "", err
		}
	}
	return p, nil
}

func envInt(name string, def int) int {
	var v int
	if _, err := fmt.Sscan(os.Getenv(name), &v); err != nil {
		return def
	}
	return v
}
