// Verify a Gatehouse internal JWT in Go with golang-jwt/jwt/v5 and MicahParks/keyfunc/v3.
//
//	go get github.com/golang-jwt/jwt/v5 github.com/MicahParks/keyfunc/v3 golang.org/x/time/rate
//	GATEHOUSE_JWKS_URI=https://gateway.example/.well-known/jwks.json \
//	GATEHOUSE_ISSUER=https://gateway.example GATEHOUSE_AUDIENCE=demo-backend \
//	go run verify.go <token>
//
// In a server, build the verifier once at start and call Verify per request.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/MicahParks/keyfunc/v3"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/time/rate"
)

type Verifier struct {
	keys   keyfunc.Keyfunc
	parser *jwt.Parser
}

func NewVerifier(ctx context.Context, jwksURI, issuer, audience string) (*Verifier, error) {
	// The set is cached and refreshed hourly; a token with an unknown kid triggers a fetch at most
	// once per 30 s, so made-up kids cannot flood the gateway.
	keys, err := keyfunc.NewDefaultOverrideCtx(ctx, []string{jwksURI}, keyfunc.Override{
		HTTPTimeout:       5 * time.Second,
		RefreshInterval:   time.Hour,
		RefreshUnknownKID: rate.NewLimiter(rate.Every(30*time.Second), 1),
	})
	if err != nil {
		return nil, err
	}
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{"ES256"}), // never "none", never HS256
		jwt.WithIssuer(issuer),
		jwt.WithAudience(audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(5*time.Second),
	)
	return &Verifier{keys: keys, parser: parser}, nil
}

func (v *Verifier) Verify(token string) (*jwt.RegisteredClaims, error) {
	claims := &jwt.RegisteredClaims{}
	_, err := v.parser.ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		if kid, ok := t.Header["kid"].(string); !ok || kid == "" {
			return nil, errors.New("the token names no key (kid)")
		}
		if typ, _ := t.Header["typ"].(string); typ != "JWT" {
			return nil, errors.New("typ is not JWT")
		}
		return v.keys.Keyfunc(t)
	})
	if err != nil {
		return nil, err
	}
	if claims.Subject == "" {
		return nil, errors.New("no sub")
	}
	return claims, nil
}

func main() {
	v, err := NewVerifier(context.Background(),
		os.Getenv("GATEHOUSE_JWKS_URI"), os.Getenv("GATEHOUSE_ISSUER"), os.Getenv("GATEHOUSE_AUDIENCE"))
	if err != nil {
		fmt.Println(`{"valid":false,"error":"jwks"}`)
		os.Exit(2)
	}
	claims, err := v.Verify(os.Args[1])
	if err != nil {
		fmt.Printf("{\"valid\":false,\"error\":%q}\n", err.Error())
		os.Exit(1)
	}
	fmt.Printf("{\"valid\":true,\"sub\":%q}\n", claims.Subject)
}
