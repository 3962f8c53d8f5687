package stack

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
)

// The local stack's KMS is moto's server, the one that serves SQS (one port, every service
// moto emulates). template.yaml's MfaKey, which seals the second factors' secrets, is created
// in it as SQS starts.
const (
	// MFAKeyLogicalID is the key's logical id in template.yaml.
	MFAKeyLogicalID = "MfaKey"
	// MFAKeyID is the id of the local MfaKey: moto names keys with its own random generator,
	// which the stack seeds with mfaKeySeed right before creating the key, so that the id
	// is known before moto starts (the functions' MFA_KEY_ID and the policies' key ARN are
	// resolved from it, as the queues' URLs are from their names). createMFAKey checks it.
	MFAKeyID   = "c37be064-0902-477e-ade5-332ee537e4b7"
	mfaKeySeed = 2121
)

// MFAKeyARN is the local MfaKey's ARN.
func MFAKeyARN() string {
	return "arn:" + Partition + ":kms:" + Region + ":" + AccountID + ":key/" + MFAKeyID
}

// createMFAKey creates the MfaKey in moto at endpoint: it seeds moto's generator, creates a
// key and checks that its id is MFAKeyID (another id means moto's generator changed: pin moto
// again or update MFAKeyID).
func createMFAKey(ctx context.Context, endpoint string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint+"/moto-api/seed?a="+strconv.Itoa(mfaKeySeed), nil)
	if err != nil {
		return fmt.Errorf("local stack: seed moto: %w", err)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("local stack: seed moto: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("local stack: seed moto: %s", res.Status)
	}
	c := kms.New(kms.Options{Region: Region, Credentials: Credentials(), BaseEndpoint: aws.String(endpoint)})
	out, err := c.CreateKey(ctx, &kms.CreateKeyInput{Description: aws.String(MFAKeyLogicalID + " (local stack)")})
	if err != nil {
		return fmt.Errorf("local stack: create %s: %w", MFAKeyLogicalID, err)
	}
	if id := aws.ToString(out.KeyMetadata.KeyId); id != MFAKeyID {
		return fmt.Errorf("local stack: moto named %s %q, not %q (its generator changed: update infra/stack/kms.go)", MFAKeyLogicalID, id, MFAKeyID)
	}
	return nil
}
