package conllu

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRead(t *testing.T) {
	// Two sentences of UD Turkish-BOUN (dev), with a multiword token.
	text := "# sent_id = 1\n" +
		"1\tFakülteyi\tfakülte\tNOUN\t_\tCase=Acc\t2\tobj\t_\t_\n" +
		"6-7\tbaşlıyorlarmış\t_\t_\t_\t_\t_\t_\t_\t_\n" +
		"6\tbaşlıyorlar\tbaşla\tVERB\tPtcp\t_\t0\troot\t_\t_\n" +
		"7\tmış\ty\tAUX\tZero\t_\t6\tcop\t_\t_\n" +
		"\n" +
		"1\tEşeklerin\teşek\tNOUN\t_\t_\t2\tnmod:poss\t_\t_\n\n"
	path := filepath.Join(t.TempDir(), "x.conllu")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	words, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want := []Word{
		{"Fakülteyi", "fakülte", "NOUN", 0}, {"başlıyorlar", "başla", "VERB", 0},
		{"mış", "y", "AUX", 0}, {"Eşeklerin", "eşek", "NOUN", 1},
	}
	if len(words) != len(want) {
		t.Fatalf("Read = %+v, want %+v", words, want)
	}
	for i := range want {
		if words[i] != want[i] {
			t.Errorf("word %d = %+v, want %+v", i, words[i], want[i])
		}
	}
	if _, err := Read(filepath.Join(t.TempDir(), "missing")); err == nil {
		t.Error("Read of a missing file: no error")
	}
}
