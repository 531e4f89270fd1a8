package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cookies. The session cookie is stateless: its expiry signed with a key
// made of this process's secret and the api_token, so a restart or a new
// token signs everyone out. The CSRF cookie is a random value; forms carry
// its signature (double submit), which another site can neither read nor
// forge.
const (
	sessionCookie = "hb_session"
	csrfCookie    = "hb_csrf"
	csrfField     = "csrf"
	sessionTTL    = 12 * time.Hour
)

// Sign-in throttle: after signinFails wrong tokens within signinWindow,
// every sign-in is refused until the window ends, which bounds guessing
// to a few tries a second from all clients together.
const (
	signinFails  = 5
	signinWindow = 10 * time.Second
)

// throttle counts failed sign-ins in the current window.
type throttle struct {
	mu    sync.Mutex
	start time.Time
	fails int
}

// allow reports whether a sign-in may be tried at now.
func (t *throttle) allow(now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.start) >= signinWindow {
		t.start, t.fails = now, 0
	}
	return t.fails < signinFails
}

// failed counts a wrong token.
func (t *throttle) failed() {
	t.mu.Lock()
	t.fails++
	t.mu.Unlock()
}

// sign returns the hex HMAC of msg under the process secret and the token.
func (s *Server) sign(msg string) string {
	m := hmac.New(sha256.New, append(append([]byte{}, s.secret...), s.cfg.APIToken...))
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// signedIn reports whether r carries a valid, unexpired session. Without
// an api_token nobody is signed in (and nobody needs to be).
func (s *Server) signedIn(r *http.Request) bool {
	if s.cfg.APIToken == "" {
		return false
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	exp, mac, ok := strings.Cut(c.Value, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(s.sign("session|"+exp))) {
		return false
	}
	t, err := strconv.ParseInt(exp, 10, 64)
	return err == nil && s.now().Unix() < t
}

// mayAct reports whether r may change things: like the API, anyone when no
// api_token is set, else a signed-in operator.
func (s *Server) mayAct(r *http.Request) bool {
	return s.cfg.APIToken == "" || s.signedIn(r)
}

// readable sends readers to the sign-in page when private_reads is set.
func (s *Server) readable(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.PrivateReads && !s.signedIn(r) {
			w.Header().Set("Cache-Control", "no-store")
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		h(w, r)
	}
}

// csrfToken returns the token r's forms must carry, setting the CSRF
// cookie first when r has none.
func (s *Server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) != 32 {
		b := make([]byte, 16)
		_, _ = rand.Read(b)
		c = &http.Cookie{Name: csrfCookie, Value: hex.EncodeToString(b), Path: "/", HttpOnly: true,
			Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode}
		http.SetCookie(w, c)
		// Later reads in this request see the new cookie.
		r.AddCookie(c)
	}
	return s.sign("csrf|" + c.Value)
}

// checkCSRF refuses a form whose token does not match its CSRF cookie, or
// that another origin sent.
func (s *Server) checkCSRF(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil { // the token is in the form: say why it cannot be read
			if tooBig := (*http.MaxBytesError)(nil); errors.As(err, &tooBig) {
				s.fail(w, r, http.StatusRequestEntityTooLarge, translate(language(r), "error.toolarge", tooBig.Limit>>10))
				return
			}
			s.fail(w, r, http.StatusBadRequest, translate(language(r), "error.form"))
			return
		}
		c, err := r.Cookie(csrfCookie)
		got := r.PostFormValue(csrfField)
		origin := r.Header.Get("Origin")
		if err != nil || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.sign("csrf|"+c.Value))) != 1 ||
			origin != "" && origin != "null" && !sameOrigin(origin, r) {
			s.fail(w, r, http.StatusForbidden, translate(language(r), "error.csrf"))
			return
		}
		h(w, r)
	}
}

// sameOrigin reports whether origin names the host r was sent to.
func sameOrigin(origin string, r *http.Request) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host == r.Host
}

// signinPage is the sign-in form's data.
type signinPage struct {
	Next    string
	Message string
}

func (s *Server) signinForm(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	p := signinPage{Next: localPath(r.URL.Query().Get("next"))}
	switch {
	case s.cfg.APIToken == "":
		p.Message = translate(lang, "signin.none")
	case s.cfg.PrivateReads && p.Next != "/search":
		p.Message = translate(lang, "signin.needed")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "signin", translate(lang, "signin.title"), "signin", p)
}

func (s *Server) signin(w http.ResponseWriter, r *http.Request) {
	lang := language(r)
	next := localPath(r.PostFormValue("next"))
	if !s.signins.allow(s.now()) {
		w.Header().Set("Retry-After", strconv.Itoa(int(signinWindow/time.Second)))
		s.render(w, r, http.StatusTooManyRequests, "signin", translate(lang, "signin.title"), "signin",
			signinPage{Next: next, Message: translate(lang, "signin.wait")})
		return
	}
	want := s.cfg.APIToken
	got := r.PostFormValue("token")
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		s.signins.failed()
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusUnauthorized, "signin", translate(lang, "signin.title"), "signin",
			signinPage{Next: next, Message: translate(lang, "signin.wrong")})
		return
	}
	exp := strconv.FormatInt(s.now().Add(sessionTTL).Unix(), 10)
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: exp + "." + s.sign("session|"+exp), Path: "/",
		MaxAge: int(sessionTTL / time.Second), HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/search", http.StatusSeeOther)
}

// localPath keeps next on this site: a path, never another host
// ("//evil.example" or "/\evil.example" are hosts to browsers).
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/search"
	}
	return next
}
