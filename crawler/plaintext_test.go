package crawler

import "testing"

func TestPlainText(t *testing.T) {
	tests := map[string]struct{ in, want string }{
		"plain text":       {"  Kartal'da   yeni park \n açıldı ", "Kartal'da yeni park açıldı"},
		"inline tags":      {"Kılıçdaroğlu<b>'nun</b> <em>konuşması</em>", "Kılıçdaroğlu'nun konuşması"},
		"paragraphs":       {"<p>Birinci  paragraf.</p>\n<p>İkinci<br>satır.</p><ul><li>madde</li></ul>", "Birinci paragraf.\n\nİkinci\n\nsatır.\n\nmadde"},
		"entities":         {"AK Parti &amp; CHP &#8217;in &lt;açıklaması&gt;", "AK Parti & CHP ’in <açıklaması>"},
		"empty paragraphs": {"<div><p> </p></div><p>Tek.</p>", "Tek."},
		"nothing":          {"", ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := plainText(tc.in); got != tc.want {
				t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
