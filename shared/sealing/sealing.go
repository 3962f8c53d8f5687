// Package sealing encrypts small secrets at rest with the key service (KMS): the second
// factors' TOTP secrets are sealed with the template's MfaKey (MFA_KEY_ID) and an encryption
// context naming their owner, so a sealed secret copied to another person's item does not
// open. Locally the key is the local stack's (moto's KMS; docs/local-stack.md).
package sealing

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"crmportal/shared/platform"
)

// KMS is the part of the key service's client the sealer calls.
type KMS interface {
	Encrypt(ctx context.Context, in *kms.EncryptInput, opts ...func(*kms.Options)) (*kms.EncryptOutput, error)
	Decrypt(ctx context.Context, in *kms.DecryptInput, opts ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Sealer seals and opens secrets with one KMS key.
type Sealer struct {
	Client KMS
	KeyID  string
}

// ErrNoKey: the function has no key configured (MFA_KEY_ID unset).
var ErrNoKey = errors.New("sealing: MFA_KEY_ID is not set")

// New is d's sealer: its KMS client (d's endpoint and API options for KMS) and its key.
func New(d platform.Deps) *Sealer {
	c := kms.NewFromConfig(d.AWS, func(o *kms.Options) {
		if e := platform.Endpoint(d.Config.Endpoints.KMS); e != nil {
			o.BaseEndpoint = e
		}
		o.APIOptions = append(slices.Clip(o.APIOptions), d.APIOptions[kms.ServiceID]...)
	})
	return &Sealer{Client: c, KeyID: d.Config.MFAKeyID}
}

// Seal encrypts plaintext (at most 4 KiB) under the key with the encryption context ec,
// which Open must be given again.
func (s *Sealer) Seal(ctx context.Context, plaintext []byte, ec map[string]string) ([]byte, error) {
	if s.KeyID == "" {
		return nil, ErrNoKey
	}
	out, err := s.Client.Encrypt(ctx, &kms.EncryptInput{KeyId: aws.String(s.KeyID), Plaintext: plaintext, EncryptionContext: ec})
	if err != nil {
		return nil, fmt.Errorf("seal secret: %w", err)
	}
	return out.CiphertextBlob, nil
}

// Open decrypts what Seal made with the same encryption context ec; another context, or
// another key's ciphertext, fails.
func (s *Sealer) Open(ctx context.Context, sealed []byte, ec map[string]string) ([]byte, error) {
	if s.KeyID == "" {
		return nil, ErrNoKey
	}
	out, err := s.Client.Decrypt(ctx, &kms.DecryptInput{KeyId: aws.String(s.KeyID), CiphertextBlob: sealed, EncryptionContext: ec})
	if err != nil {
		return nil, fmt.Errorf("open secret: %w", err)
	}
	return out.Plaintext, nil
}
