package notifytest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"learnwell"
	"learnwell/internal/notify/notifytest"
)

var now = time.Date(2026, 11, 24, 9, 30, 0, 0, time.UTC)

func token(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func goodToken(t *testing.T) string {
	return token(t, jwt.SigningMethodHS256, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix()})
}

const emailBody = `{"email_address":"sam@example.com","template_id":"` + notifytest.EmailTemplateID +
	`","personalisation":{"subject":"Hi","body":"Hello"},"reference":"ref-1"}`

func post(t *testing.T, srv *notifytest.NotifyServer, path, auth, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("reply is not JSON: %s", data)
	}
	return resp.StatusCode, out
}

func TestNotifyServerChecksRequests(t *testing.T) {
	unsigned := token(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix()})
	tests := []struct {
		name   string
		path   string
		auth   string
		body   string
		status int
		want   string
	}{
		{"good email", "/v2/notifications/email", "Bearer " + goodToken(t), emailBody, 201, ""},
		{"good sms", "/v2/notifications/sms", "Bearer " + goodToken(t),
			`{"phone_number":"+447700900123","template_id":"` + notifytest.SMSTemplateID + `","personalisation":{"body":"Hello"}}`, 201, ""},
		{"no token", "/v2/notifications/email", "", emailBody, 403, "authentication token must be provided"},
		{"not bearer", "/v2/notifications/email", "Basic abc", emailBody, 403, "authentication token must be provided"},
		{"wrong secret", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS256, []byte("other"), jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix()}), emailBody, 403, "signature"},
		{"alg none", "/v2/notifications/email", "Bearer " + unsigned, emailBody, 403, "signature"},
		{"HS512", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS512, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix()}), emailBody, 403, "signature"},
		{"wrong iss", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS256, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": "someone", "iat": now.Unix()}), emailBody, 403, "service not found"},
		{"no iat", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS256, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": notifytest.ServiceID}), emailBody, 403, "iat"},
		{"iat 31s old", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS256, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix() - 31}), emailBody, 403, "clock"},
		{"iat 30s ahead", "/v2/notifications/email", "Bearer " + token(t, jwt.SigningMethodHS256, []byte(notifytest.SecretKey), jwt.MapClaims{"iss": notifytest.ServiceID, "iat": now.Unix() + 30}), emailBody, 201, ""},
		{"wrong path", "/v2/notifications/letter", "Bearer " + goodToken(t), emailBody, 404, ""},
		{"unknown field", "/v2/notifications/email", "Bearer " + goodToken(t), strings.Replace(emailBody, `"reference"`, `"colour":"red","reference"`, 1), 400, "unknown field"},
		{"not JSON", "/v2/notifications/email", "Bearer " + goodToken(t), "subject=Hi", 400, "Invalid JSON"},
		{"missing personalisation", "/v2/notifications/email", "Bearer " + goodToken(t), strings.Replace(emailBody, `"subject":"Hi",`, "", 1), 400, "Missing personalisation: subject"},
		{"phone to email endpoint", "/v2/notifications/email", "Bearer " + goodToken(t), strings.Replace(emailBody, "email_address", "phone_number", 1), 400, "email_address is a required property"},
		{"bad email", "/v2/notifications/email", "Bearer " + goodToken(t), strings.Replace(emailBody, "sam@", "sam ", 1), 400, "Not a valid email address"},
		{"bad phone", "/v2/notifications/sms", "Bearer " + goodToken(t),
			`{"phone_number":"01632960001","template_id":"` + notifytest.SMSTemplateID + `","personalisation":{"body":"Hello"}}`, 400, "Not a UK mobile number"},
		{"email template for sms", "/v2/notifications/sms", "Bearer " + goodToken(t),
			`{"phone_number":"07700900123","template_id":"` + notifytest.EmailTemplateID + `","personalisation":{"body":"Hello"}}`, 400, "Template not found"},
		{"non-string personalisation", "/v2/notifications/email", "Bearer " + goodToken(t), strings.Replace(emailBody, `"Hello"`, `null`, 1), 400, "must be a string"},
	}
	srv := notifytest.NewNotifyServer(t)
	srv.SetClock(learnwell.NewFixedClock(now))
	accepted := 0
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, reply := post(t, srv, tt.path, tt.auth, tt.body)
			if status != tt.status {
				t.Fatalf("status = %d, want %d: %v", status, tt.status, reply)
			}
			if status == 201 {
				accepted++
				if !learnwell.ValidID(reply["id"].(string)) {
					t.Errorf("reply id = %v", reply["id"])
				}
				return
			}
			errs, _ := reply["errors"].([]any)
			if len(errs) != 1 || reply["status_code"] != float64(status) {
				t.Fatalf("reply = %v, want Notify's error shape", reply)
			}
			if msg := errs[0].(map[string]any)["message"].(string); !strings.Contains(msg, tt.want) {
				t.Errorf("message = %q, want %q in it", msg, tt.want)
			}
		})
	}
	got := srv.Received()
	if len(got) != accepted || srv.Requests() != len(tests) {
		t.Fatalf("received %d of %d requests, want %d accepted", len(got), srv.Requests(), accepted)
	}
	e := got[0]
	if e.Type != "email" || e.EmailAddress != "sam@example.com" || e.Subject != "Hi" || e.Body != "Hello" ||
		e.Reference != "ref-1" || e.Issuer != notifytest.ServiceID || e.TemplateID != notifytest.EmailTemplateID {
		t.Errorf("recorded %+v", e)
	}
}

func TestNotifyServerFailNextAndReset(t *testing.T) {
	srv := notifytest.NewNotifyServer(t)
	srv.SetClock(learnwell.NewFixedClock(now))
	srv.FailNext(2, 503)
	for i, want := range []int{503, 503, 201} {
		if status, _ := post(t, srv, "/v2/notifications/email", "Bearer "+goodToken(t), emailBody); status != want {
			t.Errorf("request %d: status %d, want %d", i+1, status, want)
		}
	}
	srv.FailNext(1, 429)
	if status, reply := post(t, srv, "/v2/notifications/email", "Bearer "+goodToken(t), emailBody); status != 429 ||
		reply["errors"].([]any)[0].(map[string]any)["error"] != "RateLimitError" {
		t.Errorf("429: %d %v", status, reply)
	}
	srv.FailNext(5, 500)
	srv.Reset()
	if len(srv.Received()) != 0 || srv.Requests() != 0 {
		t.Errorf("Reset kept %d notifications, %d requests", len(srv.Received()), srv.Requests())
	}
	if status, _ := post(t, srv, "/v2/notifications/email", "Bearer "+goodToken(t), emailBody); status != 201 {
		t.Errorf("after Reset: status %d", status)
	}
}

func TestNotifyServerDelay(t *testing.T) {
	srv := notifytest.NewNotifyServer(t)
	srv.SetClock(learnwell.NewFixedClock(now))
	srv.SetDelay(150 * time.Millisecond)
	start := time.Now()
	if status, _ := post(t, srv, "/v2/notifications/email", "Bearer "+goodToken(t), emailBody); status != 201 {
		t.Errorf("status %d", status)
	}
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Errorf("answered after %v, want at least 150ms", d)
	}
}

func TestNotifyServerConcurrent(t *testing.T) {
	srv := notifytest.NewNotifyServer(t)
	srv.SetClock(learnwell.NewFixedClock(now))
	srv.FailNext(5, 500)
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	tok := goodToken(t)
	for range 20 {
		wg.Go(func() {
			req, _ := http.NewRequest(http.MethodPost, srv.URL()+"/v2/notifications/email", bytes.NewBufferString(emailBody))
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			statuses[resp.StatusCode]++
			mu.Unlock()
			_ = srv.Received()
		})
	}
	wg.Wait()
	if statuses[500] != 5 || statuses[201] != 15 || len(srv.Received()) != 15 {
		t.Errorf("statuses %v, received %d", statuses, len(srv.Received()))
	}
}

func TestAPIKeyShape(t *testing.T) {
	srv := notifytest.NewNotifyServer(t)
	k := srv.APIKey()
	if !strings.HasPrefix(k, notifytest.KeyName+"-") || !strings.HasSuffix(k, "-"+notifytest.ServiceID+"-"+notifytest.SecretKey) {
		t.Errorf("APIKey() = %q", k)
	}
	for _, id := range []string{notifytest.ServiceID, notifytest.SecretKey, notifytest.EmailTemplateID, notifytest.SMSTemplateID} {
		if !learnwell.ValidID(id) {
			t.Errorf("%q is not a UUID", id)
		}
	}
}
