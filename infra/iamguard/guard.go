package iamguard

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"crmportal/infra/iam"
)

// Guard holds the functions of one deployment to their policies.
type Guard struct {
	Account Account
	// Policies are each function's identity policies, by logical id (template.FunctionPolicies).
	Policies map[string][]iam.Policy
	// Recorder keeps denials and used actions; it may be shared by several guards.
	Recorder *Recorder
	// Log gets one line per denial.
	Log *slog.Logger
}

// Denial is one refused request.
type Denial struct {
	Function, Action, Resource string
	Decision                   iam.Decision
	// Err is set when the call itself could not be described (an unknown SDK call).
	Err string
}

func (d Denial) String() string {
	if d.Err != "" {
		return fmt.Sprintf("%s: %s", d.Function, d.Err)
	}
	return fmt.Sprintf("%s: %s on %s (%s)", d.Function, d.Action, d.Resource, d.Decision)
}

// Recorder keeps what the guards saw. Its methods are safe for concurrent use.
type Recorder struct {
	mu      sync.Mutex
	denials []Denial
	used    map[string]map[string]bool // function -> action -> true
}

// NewRecorder returns an empty recorder.
func NewRecorder() *Recorder { return &Recorder{used: map[string]map[string]bool{}} }

func (r *Recorder) deny(d Denial) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.denials = append(r.denials, d)
}

func (r *Recorder) use(function, action string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.used[function] == nil {
		r.used[function] = map[string]bool{}
	}
	r.used[function][action] = true
}

// Denials returns the denials so far, in order.
func (r *Recorder) Denials() []Denial {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Denial(nil), r.denials...)
}

// Used returns, per function, the actions that were allowed at least once.
func (r *Recorder) Used() map[string][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string][]string{}
	for fn, actions := range r.used {
		for a := range actions {
			out[fn] = append(out[fn], a)
		}
		sort.Strings(out[fn])
	}
	return out
}

// Unused lists, per function of policies, the actions its Allow statements grant that the
// recorder never saw used (action patterns with wildcards count as used when any use matches).
func Unused(policies map[string][]iam.Policy, used map[string][]string) map[string][]string {
	out := map[string][]string{}
	for fn, ps := range policies {
		for _, granted := range iam.AllowedActions(ps) {
			hit := false
			for _, u := range used[fn] {
				if iam.ActionMatches(granted, u) {
					hit = true
					break
				}
			}
			if !hit {
				out[fn] = append(out[fn], granted)
			}
		}
	}
	return out
}

// APIOption returns the SDK middleware that holds function's calls to its policies; add it to
// a client's APIOptions (a presign client built from that client inherits it).
func (g *Guard) APIOption(function string) func(*middleware.Stack) error {
	return func(stack *middleware.Stack) error {
		return stack.Initialize.Add(middleware.InitializeMiddlewareFunc("LocalIAMGuard",
			func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
				if err := g.Check(function, in.Parameters); err != nil {
					return middleware.InitializeOutput{}, middleware.Metadata{}, err
				}
				return next.HandleInitialize(ctx, in)
			}), middleware.After)
	}
}

// Check authorizes one SDK call of function (params is the operation's input). It returns nil
// when every request of the call is allowed, and otherwise the error AWS's denial gives through
// the SDK: AccessDeniedException (HTTP 400) for DynamoDB, AccessDenied (HTTP 403) for S3 and SES.
func (g *Guard) Check(function string, params any) error {
	c, err := CallOf(params)
	if err != nil {
		g.refuse(function, err)
		return err
	}
	ref := g.Authorize(function, c)
	if ref == nil {
		return nil
	}
	if ref.Err != nil {
		return ref.Err
	}
	// The service's error code inside the SDK's HTTP response error, so errors.As finds a
	// smithy.APIError with that code, as it does for AWS's own answer.
	return &awshttp.ResponseError{
		ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{StatusCode: ref.Status(), Header: http.Header{}}},
			Err:      &smithy.GenericAPIError{Code: ref.Code(), Message: ref.Message, Fault: smithy.FaultClient},
		},
		RequestID: ref.RequestID(),
	}
}

// Refusal is a call the guard refused: a request of it was denied, or (Err) the call could not
// be described.
type Refusal struct {
	Service  Service
	Function string
	Request  iam.Request
	Decision iam.Decision
	// Message is AWS's message for the denial.
	Message string
	Err     error
}

// Code is the error code AWS answers a denial with: AccessDeniedException for DynamoDB and KMS,
// AccessDenied for S3, SES and SQS (SQS's JSON protocol names AccessDeniedException in its
// body and AccessDenied in x-amzn-query-error, which the SDK gives as the code).
func (r *Refusal) Code() string {
	if r.Service == DynamoDB || r.Service == KMS {
		return "AccessDeniedException"
	}
	return "AccessDenied"
}

// Status is the HTTP status of AWS's answer: 400 for DynamoDB, SQS and KMS, 403 for S3 and SES.
func (r *Refusal) Status() int {
	if r.Service == DynamoDB || r.Service == SQS || r.Service == KMS {
		return http.StatusBadRequest
	}
	return http.StatusForbidden
}

// RequestID is the request id the local answer carries.
func (r *Refusal) RequestID() string { return "local-iam-" + strings.ToLower(r.Function) }

// Authorize evaluates the IAM requests of one call of function against its policies. It
// records the allowed actions as used; on the first denied request it records and logs the
// denial and returns the refusal (nil when the whole call is allowed). A call whose requests
// cannot be computed is refused too, with Err set.
func (g *Guard) Authorize(function string, c Call) *Refusal {
	reqs, err := g.Account.CallRequests(c)
	if err != nil {
		g.refuse(function, err)
		return &Refusal{Service: c.Service, Function: function, Message: err.Error(), Err: err}
	}
	policies := g.Policies[function]
	for _, r := range reqs {
		dec := iam.Evaluate(policies, r)
		if dec == iam.Allowed {
			g.Recorder.use(function, r.Action)
			continue
		}
		g.Recorder.deny(Denial{Function: function, Action: r.Action, Resource: r.Resource, Decision: dec})
		g.Log.Error("IAM: access denied", "function", function, "action", r.Action, "resource", r.Resource, "decision", dec.String())
		return &Refusal{Service: c.Service, Function: function, Request: r, Decision: dec, Message: g.message(function, r, dec)}
	}
	return nil
}

// refuse records and logs a call that could not be described.
func (g *Guard) refuse(function string, err error) {
	g.Recorder.deny(Denial{Function: function, Err: err.Error()})
	g.Log.Error("IAM: call refused", "function", function, "err", err.Error())
}

// message is AWS's message for a denied request of function's execution role.
func (g *Guard) message(function string, r iam.Request, dec iam.Decision) string {
	why := "because no identity-based policy allows the " + r.Action + " action"
	if dec == iam.ExplicitDeny {
		why = "with an explicit deny in an identity-based policy"
	}
	return fmt.Sprintf("User: arn:%s:sts::%s:assumed-role/%sRole/%s is not authorized to perform: %s on resource: %s %s",
		g.Account.Partition, g.Account.AccountID, function, function, r.Action, r.Resource, why)
}
