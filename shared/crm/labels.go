package crm

import "strings"

// LabelIn is the label of byLang for a reader of lang: the exact tag, else one of the same
// primary language ("pt" matches "pt-BR"), trying tags in order so the answer is stable.
// It is "" when byLang has no non-empty label in that language.
func LabelIn(byLang map[string]string, lang string) string {
	if s := byLang[lang]; s != "" {
		return s
	}
	primary, _, _ := strings.Cut(lang, "-")
	best := ""
	for tag, s := range byLang {
		if p, _, _ := strings.Cut(tag, "-"); s != "" && strings.EqualFold(p, primary) && (best == "" || tag < best) {
			best = tag
		}
	}
	return byLang[best]
}

// anyLabel is the English label of byLang, else the label of the smallest tag, else "".
func anyLabel(byLang map[string]string) string {
	if s := LabelIn(byLang, "en"); s != "" {
		return s
	}
	best, found := "", false
	for tag, s := range byLang {
		if s != "" && (!found || tag < best) {
			best, found = tag, true
		}
	}
	return byLang[best]
}

// ValueLabel is what a person reading lang sees for value, a stored value of the picklist or
// multipicklist f. custom are the customer-facing labels a user type gives that value, by
// language tag (nil in the console). The first non-empty of:
//  1. custom in lang;
//  2. the option's own label in lang (the product ships English and Portuguese labels for
//     the standard modules' values);
//  3. custom in any language (English first, then the smallest tag), so an internal value
//     that has a customer label never shows to a customer;
//  4. value itself.
//
// It is never "" for a non-empty value; a value that is not an option of f (an old value,
// or a label already applied) is returned as it is.
func ValueLabel(f Field, value string, custom map[string]string, lang string) string {
	if s := LabelIn(custom, lang); s != "" {
		return s
	}
	for _, o := range f.Options {
		if o.Value == value {
			if s := LabelIn(o.Labels, lang); s != "" {
				return s
			}
			break
		}
	}
	if s := anyLabel(custom); s != "" {
		return s
	}
	return value
}
