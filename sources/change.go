package sources

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"strings"

	"github.com/haberci/haberci/archive"
	"github.com/haberci/haberci/config"
	"github.com/haberci/haberci/crawler"
	"github.com/haberci/haberci/crawler/canon"
)

// Add validates one entry with the keys of a sources entry of the config
// file (id optional: made from the name, else the URL's host), stores it as
// a run-time source and schedules it. Refusals are *Error values.
func (r *Registry) Add(ctx context.Context, fields map[string]any) (config.Source, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if id, _ := fields["id"].(string); id == "" {
		made, err := r.makeID(ctx, fields)
		if err != nil {
			return config.Source{}, err
		}
		fields["id"] = made
	}
	src, key, err := r.check(fields)
	if err != nil {
		return src, err
	}
	if _, taken := r.conf().Source(src.ID); taken {
		return src, refuse(ErrConflict, "id", "%s is already a configured source's id", src.ID)
	}
	if err := r.checkCount(ctx); err != nil {
		return src, err
	}
	if err := r.arch.AddSource(ctx, row(src), key); err != nil {
		return src, storeError(err)
	}
	if r.sched != nil {
		if err := r.sched.Add(src); err != nil { // stored: the next start schedules it
			r.log.Warn("added source not scheduled", slog.String("source", src.ID), slog.Any("error", err))
		}
	}
	return src, nil
}

// Edit changes a run-time source: patch holds the keys to change, with the
// keys and values of a sources entry (null drops a key back to its
// default). The whole entry is then validated again, as Add does. The id
// cannot change; a configured source is ErrConfigured.
func (r *Registry) Edit(ctx context.Context, id string, patch map[string]any) (config.Source, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.notConfigured(id); err != nil {
		return config.Source{}, err
	}
	st, err := r.arch.StoredSource(ctx, id)
	if err != nil {
		return config.Source{}, notFound(id, err)
	}
	fields := map[string]any{"id": st.ID, "name": st.Name, "type": st.Type, "url": st.URL, "schedule": st.Schedule}
	if cur, err := decodeEntry(st.Options, id); err == nil { // a stale entry: its columns are what is left
		b, _ := json.Marshal(cur.Entry())
		fields = map[string]any{}
		_ = json.Unmarshal(b, &fields)
	}
	for k, v := range patch {
		if k == "id" {
			if v != id {
				return config.Source{}, refuse(ErrInvalid, "id", "cannot be changed (add a new source and remove this one)")
			}
			continue
		}
		if v == nil {
			delete(fields, k)
		} else {
			fields[k] = v
		}
	}
	src, key, err := r.check(fields)
	if err != nil {
		return src, err
	}
	if err := r.arch.UpdateSource(ctx, row(src), key); err != nil {
		return src, storeError(err)
	}
	if r.sched != nil {
		r.unschedule(id)
		if err := r.sched.Add(src); err != nil {
			r.log.Warn("changed source not scheduled", slog.String("source", id), slog.Any("error", err))
		} else if st.Paused {
			_ = r.sched.Pause(id)
		}
	}
	return src, nil
}

// Remove ends a run-time source: it is no longer listed or crawled, and its
// articles stay in the archive, which never deletes. A configured source is
// ErrConfigured.
func (r *Registry) Remove(ctx context.Context, id string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := r.notConfigured(id); err != nil {
		return err
	}
	if err := r.arch.RemoveSource(ctx, id); err != nil {
		return notFound(id, err)
	}
	if r.sched != nil {
		r.unschedule(id)
	}
	return nil
}

func (r *Registry) unschedule(id string) {
	if err := r.sched.Remove(id); err != nil && !errors.Is(err, crawler.ErrUnknownSource) {
		r.log.Warn("source not unscheduled", slog.String("source", id), slog.Any("error", err))
	}
}

// notConfigured refuses changes to a source of the config file.
func (r *Registry) notConfigured(id string) error {
	if _, ok := r.conf().Source(id); !ok {
		return nil
	}
	where := "the config file"
	if r.conf().Path != "" {
		where += " (" + r.conf().Path + ")"
	}
	return refuse(ErrConfigured, "", "source %s is configured in %s: edit the config file, then reload the daemon", id, where)
}

// check validates an entry: the config file's rules, the schedule floor,
// the address of a run-time source, and the configured sources' URLs. It
// returns the source (Origin api) and the key its URL is compared by.
func (r *Registry) check(fields map[string]any) (config.Source, string, error) {
	doc, err := json.Marshal(fields)
	if err != nil {
		return config.Source{}, "", refuse(ErrInvalid, "", "want the keys of a sources entry with string, number or boolean values")
	}
	src, err := config.ParseSource(doc, "request")
	if err != nil {
		return src, "", configError(err)
	}
	src.Origin = config.OriginAPI
	if err := config.CheckInterval(src.Schedule, r.conf().MinScheduleInterval); err != nil {
		return src, "", refuse(ErrInvalid, "schedule", "%v", err)
	}
	u, _ := url.Parse(src.URL) // ParseSource checked it
	if r.conf().PrivateBlocked(src) && privateHost(u.Hostname()) {
		return src, "", refuse(ErrInvalid, "url", "%s is a loopback, private or link-local address, which sources added at run time may not reach (see allow_private_sources)",
			config.Quote(u.Hostname()))
	}
	key, err := canon.URL(src.URL)
	if err != nil {
		return src, "", refuse(ErrInvalid, "url", "%v", err)
	}
	for _, c := range r.conf().Sources {
		if k, err := canon.URL(c.URL); err == nil && k == key && c.ID != src.ID {
			return src, "", refuse(ErrConflict, "url", "configured source %s already has this URL", c.ID)
		}
	}
	return src, key, nil
}

// checkCount refuses a source beyond max_sources.
func (r *Registry) checkCount(ctx context.Context) error {
	runtime, err := r.arch.StoredSources(ctx)
	if err != nil {
		return err
	}
	if n := len(r.conf().Sources) + len(runtime); n >= r.conf().MaxSources {
		return refuse(ErrInvalid, "max_sources", "already %d sources, the most max_sources (%d) allows", n, r.conf().MaxSources)
	}
	return nil
}

// makeID makes an id for an entry without one: from its name, else its
// URL's host, unique among every id the config and the archive know.
func (r *Registry) makeID(ctx context.Context, fields map[string]any) (string, error) {
	name, _ := fields["name"].(string)
	raw, _ := fields["url"].(string)
	ids, err := r.arch.SourceIDs(ctx)
	if err != nil {
		return "", err
	}
	taken := make(map[string]bool, len(ids)+len(r.conf().Sources))
	for _, id := range ids {
		taken[id] = true
	}
	for _, s := range r.conf().Sources {
		taken[s.ID] = true
	}
	return config.UniqueID(config.IDBase(name, raw), taken), nil
}

// storeError maps the archive's refusals.
func storeError(err error) error {
	var ee *archive.ExistsError
	switch {
	case errors.As(err, &ee) && ee.Field == "url":
		return refuse(ErrConflict, "url", "source %s already has this URL", ee.ID)
	case errors.As(err, &ee):
		return refuse(ErrConflict, "id", "%s is already a source's id", ee.ID)
	case errors.Is(err, archive.ErrNotFound):
		return refuse(ErrNotFound, "", "%v", err)
	case errors.Is(err, archive.ErrInvalid):
		return refuse(ErrInvalid, "max_sources", "the archive holds at most %d run-time sources", archive.MaxStoredSources)
	}
	return err
}

// configError turns the config rules' refusal into an *Error: "field:
// message; …" without the file and line, which mean nothing for a request.
func configError(err error) error {
	errs := []error{err}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		errs = joined.Unwrap()
	}
	msgs := make([]string, 0, len(errs))
	field := ""
	for _, e := range errs {
		var ce *config.Error
		switch {
		case !errors.As(e, &ce):
			msgs = append(msgs, e.Error())
		case ce.Field == "":
			msgs = append(msgs, ce.Msg)
		default:
			msgs = append(msgs, ce.Field+": "+ce.Msg)
			if field == "" {
				field = ce.Field
			}
		}
	}
	if len(msgs) == 1 && field != "" {
		return refuse(ErrInvalid, field, "%s", strings.TrimPrefix(msgs[0], field+": "))
	}
	return refuse(ErrInvalid, "", "%s", strings.Join(msgs, "; "))
}
