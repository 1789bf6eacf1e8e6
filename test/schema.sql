table contact_business_relations
  column relation character varying(20) not null
  column external_no character varying(250) not null
  column contact_no character varying(20) not null
  constraint contact_business_relations_contact_fk FOREIGN KEY (contact_no) REFERENCES contacts(contact_no) ON UPDATE CASCADE ON DELETE CASCADE
  constraint contact_business_relations_pkey PRIMARY KEY (relation, external_no)
  constraint contact_business_relations_relation_check CHECK (((relation)::text ~ '^[a-z][a-z0-9_]*$'::text))
  index CREATE INDEX contact_business_relations_contact_idx ON <schema>.contact_business_relations USING btree (contact_no)
  index CREATE UNIQUE INDEX contact_business_relations_pkey ON <schema>.contact_business_relations USING btree (relation, external_no)
table contacts
  column contact_no character varying(20) not null
  column type character varying(10) not null
  column company_no character varying(20)
  column name character varying(100) not null default ''::character varying
  column email character varying(80)
  column phone character varying(30)
  column correspondence_type character varying(10)
  column salesperson_code character varying(20)
  column privacy_blocked boolean not null default false
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  column home_page character varying(255)
  constraint contacts_company_fk FOREIGN KEY (company_no) REFERENCES contacts(contact_no) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint contacts_company_no_check CHECK ((((type)::text = 'person'::text) OR ((company_no)::text = (contact_no)::text)))
  constraint contacts_contact_no_check CHECK ((((contact_no)::text <> ''::text) AND ((contact_no)::text = upper(btrim((contact_no)::text)))))
  constraint contacts_correspondence_type_check CHECK (((correspondence_type)::text = ANY ((ARRAY['hard_copy'::character varying, 'email'::character varying, 'fax'::character varying])::text[])))
  constraint contacts_erased_check CHECK ((((contact_no)::text !~~ 'ERASED-%'::text) OR privacy_blocked))
  constraint contacts_pkey PRIMARY KEY (contact_no)
  constraint contacts_type_check CHECK (((type)::text = ANY ((ARRAY['company'::character varying, 'person'::character varying])::text[])))
  index CREATE INDEX contacts_company_idx ON <schema>.contacts USING btree (company_no)
  index CREATE INDEX contacts_email_domain_idx ON <schema>.contacts USING btree (lower(split_part((email)::text, '@'::text, 2))) WHERE ((type)::text = 'company'::text)
  index CREATE INDEX contacts_email_idx ON <schema>.contacts USING btree (lower((email)::text))
  index CREATE INDEX contacts_home_page_domain_idx ON <schema>.contacts USING btree (lower(regexp_replace((home_page)::text, '^([a-z][a-z0-9+.-]*://){0,1}(www\.){0,1}([^/:#\x3f]+).*$'::text, '\3'::text, 'i'::text))) WHERE ((type)::text = 'company'::text)
  index CREATE INDEX contacts_name_idx ON <schema>.contacts USING btree (lower((name)::text))
  index CREATE UNIQUE INDEX contacts_pkey ON <schema>.contacts USING btree (contact_no)
table erased_contact_keys
  column key_hash character(64) not null
  constraint erased_contact_keys_pkey PRIMARY KEY (key_hash)
  index CREATE UNIQUE INDEX erased_contact_keys_pkey ON <schema>.erased_contact_keys USING btree (key_hash)
table interaction_groups
  column code character varying(10) not null
  column description character varying(100) not null default ''::character varying
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint interaction_groups_code_check CHECK ((((code)::text <> ''::text) AND ((code)::text = upper(btrim((code)::text)))))
  constraint interaction_groups_pkey PRIMARY KEY (code)
  index CREATE UNIQUE INDEX interaction_groups_pkey ON <schema>.interaction_groups USING btree (code)
table interaction_log_comments
  column entry_no bigint not null
  column line_no integer not null
  column comment_date date not null default CURRENT_DATE
  column comment character varying(250) not null
  constraint interaction_log_comments_entry_fk FOREIGN KEY (entry_no) REFERENCES interaction_log_entries(entry_no) ON DELETE CASCADE
  constraint interaction_log_comments_pkey PRIMARY KEY (entry_no, line_no)
  index CREATE UNIQUE INDEX interaction_log_comments_pkey ON <schema>.interaction_log_comments USING btree (entry_no, line_no)
table interaction_log_contact_rollup
  column bucket_level character(1) not null
  column bucket_start timestamp with time zone not null
  column contact_no character varying(20) not null
  column contact_company_no character varying(20) not null
  column entry_count bigint not null
  column cost_sum numeric not null
  column duration_sum numeric not null
  constraint interaction_log_contact_rollup_bucket_level_check CHECK ((bucket_level = ANY (ARRAY['m'::bpchar, 'a'::bpchar, 'c'::bpchar, 'n'::bpchar])))
  constraint interaction_log_contact_rollup_pkey PRIMARY KEY (bucket_level, bucket_start, contact_no, contact_company_no)
  index CREATE INDEX interaction_log_contact_rollup_company_idx ON <schema>.interaction_log_contact_rollup USING btree (contact_company_no) WHERE (bucket_level = 'a'::bpchar)
  index CREATE INDEX interaction_log_contact_rollup_contact_idx ON <schema>.interaction_log_contact_rollup USING btree (contact_no) WHERE (bucket_level = 'a'::bpchar)
  index CREATE UNIQUE INDEX interaction_log_contact_rollup_pkey ON <schema>.interaction_log_contact_rollup USING btree (bucket_level, bucket_start, contact_no, contact_company_no)
table interaction_log_entries
  column entry_no bigint not null identity always
  column contact_no character varying(20)
  column contact_company_no character varying(20)
  column occurred_at timestamp with time zone not null
  column time_zone character varying(64) not null default 'UTC'::character varying
  column template_code character varying(10) not null
  column group_code character varying(10) not null
  column description character varying(100) not null default ''::character varying
  column subject character varying(100)
  column information_flow character varying(10)
  column initiated_by character varying(10)
  column correspondence_type character varying(10)
  column cost numeric(18,2) not null default 0
  column duration_min numeric(12,2) not null default 0
  column evaluation character varying(20)
  column attempt_failed boolean not null default false
  column postponed boolean not null default false
  column canceled boolean not null default false
  column canceled_at timestamp with time zone
  column canceled_by character varying(200)
  column document_kind character varying(50)
  column document_no character varying(50)
  column version_no integer not null default 0
  column doc_no_occurrence integer not null default 0
  column segment_no character varying(20)
  column logged_segment_entry_no bigint
  column salesperson_code character varying(20)
  column campaign_no character varying(20)
  column campaign_target boolean not null default false
  column campaign_response boolean not null default false
  column opportunity_no character varying(20)
  column language_code character varying(10)
  column contact_via character varying(80)
  column idempotency_key character varying(200)
  column recorded_by character varying(200)
  column recorded_at timestamp with time zone not null default now()
  constraint interaction_log_entries_canceled_at_check CHECK ((canceled OR (canceled_at IS NULL)))
  constraint interaction_log_entries_correspondence_type_check CHECK (((correspondence_type)::text = ANY ((ARRAY['hard_copy'::character varying, 'email'::character varying, 'fax'::character varying])::text[])))
  constraint interaction_log_entries_cost_check CHECK ((cost >= (0)::numeric))
  constraint interaction_log_entries_document_check CHECK (((document_no IS NULL) OR (document_kind IS NOT NULL)))
  constraint interaction_log_entries_duration_check CHECK ((duration_min >= (0)::numeric))
  constraint interaction_log_entries_evaluation_check CHECK (((evaluation)::text = ANY ((ARRAY['very_positive'::character varying, 'positive'::character varying, 'neutral'::character varying, 'negative'::character varying, 'very_negative'::character varying])::text[])))
  constraint interaction_log_entries_information_flow_check CHECK (((information_flow)::text = ANY ((ARRAY['outbound'::character varying, 'inbound'::character varying])::text[])))
  constraint interaction_log_entries_initiated_by_check CHECK (((initiated_by)::text = ANY ((ARRAY['us'::character varying, 'them'::character varying])::text[])))
  constraint interaction_log_entries_pkey PRIMARY KEY (entry_no)
  index CREATE INDEX interaction_log_entries_canceled_idx ON <schema>.interaction_log_entries USING btree (entry_no) WHERE canceled
  index CREATE INDEX interaction_log_entries_company_timeline_idx ON <schema>.interaction_log_entries USING btree (contact_company_no, occurred_at DESC, entry_no DESC)
  index CREATE INDEX interaction_log_entries_contact_timeline_idx ON <schema>.interaction_log_entries USING btree (contact_no, occurred_at DESC, entry_no DESC)
  index CREATE UNIQUE INDEX interaction_log_entries_document_idx ON <schema>.interaction_log_entries USING btree (document_kind, document_no, version_no, doc_no_occurrence, contact_no) WHERE (document_no IS NOT NULL)
  index CREATE INDEX interaction_log_entries_group_stats_idx ON <schema>.interaction_log_entries USING btree (group_code, occurred_at) INCLUDE (cost, duration_min) WHERE ((NOT canceled) AND (NOT postponed))
  index CREATE UNIQUE INDEX interaction_log_entries_idempotency_key_idx ON <schema>.interaction_log_entries USING btree (idempotency_key) WHERE (idempotency_key IS NOT NULL)
  index CREATE INDEX interaction_log_entries_logged_segment_idx ON <schema>.interaction_log_entries USING btree (logged_segment_entry_no) WHERE (logged_segment_entry_no IS NOT NULL)
  index CREATE INDEX interaction_log_entries_occurred_at_idx ON <schema>.interaction_log_entries USING btree (occurred_at DESC, entry_no DESC)
  index CREATE UNIQUE INDEX interaction_log_entries_pkey ON <schema>.interaction_log_entries USING btree (entry_no)
  index CREATE INDEX interaction_log_entries_salesperson_stats_idx ON <schema>.interaction_log_entries USING btree (salesperson_code, occurred_at) INCLUDE (cost, duration_min) WHERE ((NOT canceled) AND (NOT postponed))
  index CREATE INDEX interaction_log_entries_template_stats_idx ON <schema>.interaction_log_entries USING btree (template_code, occurred_at) INCLUDE (cost, duration_min) WHERE ((NOT canceled) AND (NOT postponed))
  trigger CREATE TRIGGER interaction_log_entries_check_logged_segment_after_insert AFTER INSERT ON <schema>.interaction_log_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_entries_check_logged_segment()
  trigger CREATE TRIGGER interaction_log_entries_check_logged_segment_after_update AFTER UPDATE ON <schema>.interaction_log_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_entries_check_logged_segment()
  trigger CREATE TRIGGER interaction_log_rollup_after_delete AFTER DELETE ON <schema>.interaction_log_entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_rollup_after_delete()
  trigger CREATE TRIGGER interaction_log_rollup_after_insert AFTER INSERT ON <schema>.interaction_log_entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_rollup_after_insert()
  trigger CREATE TRIGGER interaction_log_rollup_after_truncate AFTER TRUNCATE ON <schema>.interaction_log_entries FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_rollup_after_truncate()
  trigger CREATE TRIGGER interaction_log_rollup_after_update AFTER UPDATE ON <schema>.interaction_log_entries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION interaction_log_rollup_after_update()
table interaction_log_events
  column event_no bigint not null identity always
  column event_type character varying(20) not null
  column entry_no bigint
  column logged_segment_entry_no bigint
  column occurred_at timestamp with time zone not null default now()
  column actor character varying(200)
  column reason character varying(500)
  column details jsonb
  column contact_no character varying(20)
  constraint interaction_log_events_pkey PRIMARY KEY (event_no)
  constraint interaction_log_events_type_check CHECK (((event_type)::text = ANY ((ARRAY['recorded'::character varying, 'canceled'::character varying, 'restored'::character varying, 'purged'::character varying, 'erased'::character varying])::text[])))
  index CREATE INDEX interaction_log_events_contact_idx ON <schema>.interaction_log_events USING btree (contact_no) WHERE (contact_no IS NOT NULL)
  index CREATE INDEX interaction_log_events_entry_idx ON <schema>.interaction_log_events USING btree (entry_no) WHERE (entry_no IS NOT NULL)
  index CREATE UNIQUE INDEX interaction_log_events_pkey ON <schema>.interaction_log_events USING btree (event_no)
table interaction_log_rollup
  column dimension character varying(12) not null
  column bucket_level character(1) not null
  column bucket_start timestamp with time zone not null
  column dimension_value character varying(20) not null
  column entry_count bigint not null
  column cost_sum numeric not null
  column duration_sum numeric not null
  constraint interaction_log_rollup_bucket_level_check CHECK ((bucket_level = ANY (ARRAY['q'::bpchar, 'h'::bpchar, 'd'::bpchar, 'm'::bpchar])))
  constraint interaction_log_rollup_dimension_check CHECK (((dimension)::text = ANY ((ARRAY['all'::character varying, 'template'::character varying, 'group'::character varying, 'salesperson'::character varying, 'campaign'::character varying])::text[])))
  constraint interaction_log_rollup_pkey PRIMARY KEY (dimension, bucket_level, bucket_start, dimension_value)
  index CREATE UNIQUE INDEX interaction_log_rollup_pkey ON <schema>.interaction_log_rollup USING btree (dimension, bucket_level, bucket_start, dimension_value)
table interaction_log_rollup_deltas
  column delta_no bigint not null identity always
  column sign smallint not null
  column occurred_at timestamp with time zone not null
  column template_code character varying(10) not null
  column group_code character varying(10) not null
  column salesperson_code character varying(20)
  column campaign_no character varying(20)
  column contact_no character varying(20)
  column contact_company_no character varying(20)
  column cost numeric(18,2) not null
  column duration_min numeric(12,2) not null
  constraint interaction_log_rollup_deltas_sign_check CHECK ((abs(sign) = 1))
table interaction_retention_policies
  column template_code character varying(10)
  column group_code character varying(10)
  column keep_months integer not null
  column scope character varying(10) not null
  column description character varying(100) not null default ''::character varying
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint interaction_retention_policies_group_fk FOREIGN KEY (group_code) REFERENCES interaction_groups(code) ON UPDATE CASCADE ON DELETE CASCADE
  constraint interaction_retention_policies_group_unique UNIQUE (group_code)
  constraint interaction_retention_policies_keep_months_check CHECK (((keep_months >= 1) AND (keep_months <= 1200)))
  constraint interaction_retention_policies_scope_check CHECK (((scope)::text = ANY ((ARRAY['canceled'::character varying, 'all'::character varying])::text[])))
  constraint interaction_retention_policies_target_check CHECK (((template_code IS NULL) <> (group_code IS NULL)))
  constraint interaction_retention_policies_template_fk FOREIGN KEY (template_code) REFERENCES interaction_templates(code) ON UPDATE CASCADE ON DELETE CASCADE
  constraint interaction_retention_policies_template_unique UNIQUE (template_code)
  index CREATE UNIQUE INDEX interaction_retention_policies_group_unique ON <schema>.interaction_retention_policies USING btree (group_code)
  index CREATE UNIQUE INDEX interaction_retention_policies_template_unique ON <schema>.interaction_retention_policies USING btree (template_code)
table interaction_template_setup
  column document_kind character varying(50) not null
  column template_code character varying(10)
  column is_custom boolean not null default false
  column description character varying(100) not null default ''::character varying
  column updated_at timestamp with time zone not null default now()
  constraint interaction_template_setup_kind_check CHECK (((document_kind)::text ~ '^[a-z][a-z0-9_]*$'::text))
  constraint interaction_template_setup_pkey PRIMARY KEY (document_kind)
  constraint interaction_template_setup_template_fk FOREIGN KEY (template_code) REFERENCES interaction_templates(code) ON UPDATE CASCADE ON DELETE RESTRICT
  index CREATE UNIQUE INDEX interaction_template_setup_pkey ON <schema>.interaction_template_setup USING btree (document_kind)
table interaction_templates
  column code character varying(10) not null
  column group_code character varying(10) not null
  column description character varying(100) not null default ''::character varying
  column unit_cost numeric(18,2) not null default 0
  column unit_duration_min numeric(12,2) not null default 0
  column information_flow character varying(10)
  column initiated_by character varying(10)
  column correspondence_type character varying(10)
  column ignore_contact_corres_type boolean not null default false
  column campaign_no character varying(20)
  column campaign_target boolean not null default false
  column campaign_response boolean not null default false
  column language_code character varying(10)
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint interaction_templates_code_check CHECK ((((code)::text <> ''::text) AND ((code)::text = upper(btrim((code)::text)))))
  constraint interaction_templates_correspondence_type_check CHECK (((correspondence_type)::text = ANY ((ARRAY['hard_copy'::character varying, 'email'::character varying, 'fax'::character varying])::text[])))
  constraint interaction_templates_group_fk FOREIGN KEY (group_code) REFERENCES interaction_groups(code) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint interaction_templates_information_flow_check CHECK (((information_flow)::text = ANY ((ARRAY['outbound'::character varying, 'inbound'::character varying])::text[])))
  constraint interaction_templates_initiated_by_check CHECK (((initiated_by)::text = ANY ((ARRAY['us'::character varying, 'them'::character varying])::text[])))
  constraint interaction_templates_pkey PRIMARY KEY (code)
  constraint interaction_templates_unit_cost_check CHECK ((unit_cost >= (0)::numeric))
  constraint interaction_templates_unit_duration_check CHECK ((unit_duration_min >= (0)::numeric))
  index CREATE INDEX interaction_templates_group_idx ON <schema>.interaction_templates USING btree (group_code)
  index CREATE UNIQUE INDEX interaction_templates_pkey ON <schema>.interaction_templates USING btree (code)
table logged_segments
  column entry_no bigint not null identity always
  column segment_no character varying(20) not null
  column description character varying(100) not null default ''::character varying
  column entry_count integer not null default 0
  column idempotency_key character varying(200)
  column canceled boolean not null default false
  column canceled_at timestamp with time zone
  column canceled_by character varying(200)
  column created_at timestamp with time zone not null default now()
  column created_by character varying(200)
  constraint logged_segments_idempotency_key_unique UNIQUE (idempotency_key)
  constraint logged_segments_pkey PRIMARY KEY (entry_no)
  constraint logged_segments_segment_no_unique UNIQUE (segment_no)
  index CREATE UNIQUE INDEX logged_segments_idempotency_key_unique ON <schema>.logged_segments USING btree (idempotency_key)
  index CREATE UNIQUE INDEX logged_segments_pkey ON <schema>.logged_segments USING btree (entry_no)
  index CREATE UNIQUE INDEX logged_segments_segment_no_unique ON <schema>.logged_segments USING btree (segment_no)
  trigger CREATE TRIGGER logged_segments_after_delete AFTER DELETE ON <schema>.logged_segments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION logged_segments_after_delete()
table number_series
  column code character varying(20) not null
  column prefix character varying(19) not null default ''::character varying
  column width integer not null
  column last_no bigint not null default 0
  column updated_at timestamp with time zone not null default now()
  constraint number_series_last_no_check CHECK ((last_no >= 0))
  constraint number_series_pkey PRIMARY KEY (code)
  constraint number_series_prefix_check CHECK (((prefix)::text = upper(btrim((prefix)::text))))
  constraint number_series_width_check CHECK ((((width >= 1) AND (width <= 15)) AND ((char_length((prefix)::text) + width) <= 20)))
  index CREATE UNIQUE INDEX number_series_pkey ON <schema>.number_series USING btree (code)
table segment_lines
  column segment_no character varying(20) not null
  column line_no integer not null
  column contact_no character varying(20) not null
  column template_code character varying(10)
  column description character varying(100)
  column subject character varying(100)
  column salesperson_code character varying(20)
  column correspondence_type character varying(10)
  column cost numeric(18,2)
  column duration_min numeric(12,2)
  column evaluation character varying(20)
  column attempt_failed boolean not null default false
  column created_at timestamp with time zone not null default now()
  constraint segment_lines_contact_fk FOREIGN KEY (contact_no) REFERENCES contacts(contact_no) ON UPDATE CASCADE ON DELETE RESTRICT
  constraint segment_lines_contact_unique UNIQUE (segment_no, contact_no)
  constraint segment_lines_correspondence_type_check CHECK (((correspondence_type)::text = ANY ((ARRAY['hard_copy'::character varying, 'email'::character varying, 'fax'::character varying])::text[])))
  constraint segment_lines_cost_check CHECK ((cost >= (0)::numeric))
  constraint segment_lines_duration_check CHECK ((duration_min >= (0)::numeric))
  constraint segment_lines_evaluation_check CHECK (((evaluation)::text = ANY ((ARRAY['very_positive'::character varying, 'positive'::character varying, 'neutral'::character varying, 'negative'::character varying, 'very_negative'::character varying])::text[])))
  constraint segment_lines_pkey PRIMARY KEY (segment_no, line_no)
  constraint segment_lines_segment_fk FOREIGN KEY (segment_no) REFERENCES segments(segment_no) ON UPDATE CASCADE ON DELETE CASCADE
  constraint segment_lines_template_fk FOREIGN KEY (template_code) REFERENCES interaction_templates(code) ON UPDATE CASCADE ON DELETE SET NULL
  index CREATE INDEX segment_lines_contact_idx ON <schema>.segment_lines USING btree (contact_no)
  index CREATE UNIQUE INDEX segment_lines_contact_unique ON <schema>.segment_lines USING btree (segment_no, contact_no)
  index CREATE UNIQUE INDEX segment_lines_pkey ON <schema>.segment_lines USING btree (segment_no, line_no)
table segments
  column segment_no character varying(20) not null
  column description character varying(100) not null default ''::character varying
  column template_code character varying(10)
  column group_code character varying(10)
  column subject character varying(100)
  column salesperson_code character varying(20)
  column campaign_no character varying(20)
  column campaign_target boolean not null default false
  column campaign_response boolean not null default false
  column correspondence_type character varying(10)
  column ignore_contact_corres_type boolean not null default false
  column information_flow character varying(10)
  column initiated_by character varying(10)
  column unit_cost numeric(18,2) not null default 0
  column unit_duration_min numeric(12,2) not null default 0
  column language_code character varying(10)
  column interaction_date date
  column created_at timestamp with time zone not null default now()
  column updated_at timestamp with time zone not null default now()
  constraint segments_correspondence_type_check CHECK (((correspondence_type)::text = ANY ((ARRAY['hard_copy'::character varying, 'email'::character varying, 'fax'::character varying])::text[])))
  constraint segments_information_flow_check CHECK (((information_flow)::text = ANY ((ARRAY['outbound'::character varying, 'inbound'::character varying])::text[])))
  constraint segments_initiated_by_check CHECK (((initiated_by)::text = ANY ((ARRAY['us'::character varying, 'them'::character varying])::text[])))
  constraint segments_pkey PRIMARY KEY (segment_no)
  constraint segments_segment_no_check CHECK ((((segment_no)::text <> ''::text) AND ((segment_no)::text = upper(btrim((segment_no)::text)))))
  constraint segments_template_fk FOREIGN KEY (template_code) REFERENCES interaction_templates(code) ON UPDATE CASCADE ON DELETE SET NULL
  constraint segments_unit_cost_check CHECK ((unit_cost >= (0)::numeric))
  constraint segments_unit_duration_check CHECK ((unit_duration_min >= (0)::numeric))
  index CREATE UNIQUE INDEX segments_pkey ON <schema>.segments USING btree (segment_no)
function interaction_log_entries_check_logged_segment() returns trigger language plpgsql
  | declare
  | 		least_no bigint;
  | 		greatest_no bigint;
  | 		numbers bigint[];
  | 		missing bigint;
  | 	begin
  | 		select min(n.logged_segment_entry_no), max(n.logged_segment_entry_no)
  | 		into least_no, greatest_no from new_rows n;
  | 		if least_no is null then
  | 			return null;
  | 		end if;
  | 		if least_no = greatest_no then
  | 			numbers := array[least_no];
  | 		else
  | 			select array_agg(distinct n.logged_segment_entry_no) into numbers from new_rows n
  | 			where n.logged_segment_entry_no is not null;
  | 		end if;
  | 		perform 1 from logged_segments s where s.entry_no = any (numbers) for key share of s;
  | 		select x.entry_no into missing from unnest(numbers) x (entry_no)
  | 		where not exists (select 1 from logged_segments s where s.entry_no = x.entry_no)
  | 		limit 1;
  | 		if missing is not null then
  | 			raise exception 'insert or update on table "interaction_log_entries" violates foreign key constraint "interaction_log_entries_logged_segment_fk"'
  | 				using errcode = 'foreign_key_violation', constraint = 'interaction_log_entries_logged_segment_fk',
  | 					table = 'interaction_log_entries', column = 'logged_segment_entry_no',
  | 					detail = format('Key (logged_segment_entry_no)=(%s) is not present in table "logged_segments".', missing);
  | 		end if;
  | 		return null;
  | 	end
function interaction_log_fold_rollup(before bigint) returns bigint language plpgsql
  | declare
  | 		folded bigint;
  | 	begin
  | 		if not pg_try_advisory_xact_lock(1229866061, 'interaction_log_rollup_deltas'::regclass::oid::int) then
  | 			return 0;
  | 		end if;
  | 		with folded_deltas as (
  | 			delete from interaction_log_rollup_deltas
  | 			where before is null or delta_no < before
  | 			returning *
  | 		), quarters as (
  | 			select date_bin('15 minutes', occurred_at, timestamptz '2000-01-01 00:00:00+00') as q,
  | 				template_code, group_code, coalesce(salesperson_code, '') as salesperson_code,
  | 				coalesce(campaign_no, '') as campaign_no, sum(sign) as n, sum(sign * cost) as cost,
  | 				sum(sign * duration_min) as duration
  | 			from folded_deltas group by 1, 2, 3, 4, 5
  | 		), sums as (
  | 			insert into interaction_log_rollup as r
  | 				(dimension, bucket_level, bucket_start, dimension_value, entry_count, cost_sum,
  | 					duration_sum)
  | 			select k.dimension, k.bucket_level,
  | 				case k.bucket_level
  | 					when 'q' then c.q
  | 					when 'h' then date_trunc('hour', c.q, 'UTC')
  | 					when 'd' then date_trunc('day', c.q, 'UTC')
  | 					else date_trunc('month', c.q, 'UTC')
  | 				end,
  | 				k.dimension_value, sum(c.n), sum(c.cost), sum(c.duration)
  | 			from quarters c
  | 			cross join lateral (values
  | 				('all', 'q', ''), ('all', 'h', ''), ('all', 'd', ''), ('all', 'm', ''),
  | 				('template', 'd', c.template_code), ('template', 'm', c.template_code),
  | 				('group', 'd', c.group_code), ('group', 'm', c.group_code),
  | 				('salesperson', 'd', c.salesperson_code), ('salesperson', 'm', c.salesperson_code),
  | 				('campaign', 'd', c.campaign_no), ('campaign', 'm', c.campaign_no)
  | 			) k (dimension, bucket_level, dimension_value)
  | 			group by 1, 2, 3, 4
  | 			having sum(c.n) <> 0 or sum(c.cost) <> 0 or sum(c.duration) <> 0
  | 			order by 1, 2, 3, 4
  | 			on conflict (dimension, bucket_level, bucket_start, dimension_value) do update set
  | 				entry_count = r.entry_count + excluded.entry_count,
  | 				cost_sum = r.cost_sum + excluded.cost_sum,
  | 				duration_sum = r.duration_sum + excluded.duration_sum
  | 		), contact_months as (
  | 			select date_trunc('month', occurred_at, 'UTC') as m, coalesce(contact_no, '') as contact_no,
  | 				coalesce(contact_company_no, '') as contact_company_no, sum(sign) as n,
  | 				sum(sign * cost) as cost, sum(sign * duration_min) as duration
  | 			from folded_deltas group by 1, 2, 3
  | 		), contact_sums as (
  | 			insert into interaction_log_contact_rollup as r
  | 				(bucket_level, bucket_start, contact_no, contact_company_no, entry_count, cost_sum,
  | 					duration_sum)
  | 			select k.bucket_level, case when k.bucket_level in ('m', 'n') then c.m else timestamptz '-infinity' end,
  | 				case when k.bucket_level in ('c', 'n') then '' else c.contact_no end,
  | 				c.contact_company_no, sum(c.n), sum(c.cost), sum(c.duration)
  | 			from contact_months c
  | 			cross join (values ('a'), ('m'), ('c'), ('n')) k (bucket_level)
  | 			group by 1, 2, 3, 4
  | 			having sum(c.n) <> 0 or sum(c.cost) <> 0 or sum(c.duration) <> 0
  | 			order by 1, 2, 3, 4
  | 			on conflict (bucket_level, bucket_start, contact_no, contact_company_no) do update set
  | 				entry_count = r.entry_count + excluded.entry_count,
  | 				cost_sum = r.cost_sum + excluded.cost_sum,
  | 				duration_sum = r.duration_sum + excluded.duration_sum
  | 		)
  | 		select count(*) into folded from folded_deltas;
  | 		return folded;
  | 	end
function interaction_log_rollup_after_delete() returns trigger language plpgsql
  | declare
  | 		appended bigint;
  | 		last_no bigint;
  | 	begin
  | 		insert into interaction_log_rollup_deltas (sign, occurred_at, template_code, group_code, salesperson_code, campaign_no, contact_no, contact_company_no, cost, duration_min) select -1, occurred_at, template_code, group_code, salesperson_code, campaign_no, contact_no, contact_company_no, cost, duration_min from old_rows where not canceled and not postponed;
  | 		get diagnostics appended = row_count;
  | 		if appended = 0 then
  | 			return null;
  | 		end if;
  | 		last_no := currval(pg_get_serial_sequence('interaction_log_rollup_deltas', 'delta_no'));
  | 		if last_no / 1024 > (last_no - appended) / 1024
  | 			and current_setting('transaction_isolation') = 'read committed' then
  | 			perform interaction_log_fold_rollup(last_no - appended + 1);
  | 		end if;
  | 		return null;
  | 	end
function interaction_log_rollup_after_insert() returns trigger language plpgsql
  | declare
  | 		appended bigint;
  | 		last_no bigint;
  | 	begin
  | 		insert into interaction_log_rollup_deltas (sign, occurred_at, template_code, group_code, salesperson_code, campaign_no, contact_no, contact_company_no, cost, duration_min) select 1, occurred_at, template_code, group_code, salesperson_code, campaign_no, contact_no, contact_company_no, cost, duration_min from new_rows where not canceled and not postponed;
  | 		get diagnostics appended = row_count;
  | 		if appended = 0 then
  | 			return null;
  | 		end if;
  | 		last_no := currval(pg_get_serial_sequence('interaction_log_rollup_deltas', 'delta_no'));
  | 		if last_no / 1024 > (last_no - appended) / 1024
  | 			and current_setting('transaction_isolation') = 'read committed' then
  | 			perform interaction_log_fold_rollup(last_no - appended + 1);
  | 		end if;
  | 		return null;
  | 	end
function interaction_log_rollup_after_truncate() returns trigger language plpgsql
  | begin
  | 			perform pg_advisory_xact_lock(1229866061, 'interaction_log_rollup_deltas'::regclass::oid::int);
  | 			delete from interaction_log_rollup_deltas;
  | 			delete from interaction_log_rollup;
  | 			delete from interaction_log_contact_rollup;
  | 			return null;
  | 		end
function interaction_log_rollup_after_update() returns trigger language plpgsql
  | declare
  | 		appended bigint;
  | 		last_no bigint;
  | 	begin
  | 		insert into interaction_log_rollup_deltas (sign, occurred_at, template_code, group_code, salesperson_code, campaign_no, contact_no, contact_company_no, cost, duration_min)
  | 	select -1, o.occurred_at, o.template_code, o.group_code, o.salesperson_code, o.campaign_no, o.contact_no, o.contact_company_no, o.cost, o.duration_min
  | 	from old_rows o left join new_rows n on n.entry_no = o.entry_no
  | 	where not o.canceled and not o.postponed and (n.entry_no is null
  | 		or (o.canceled, o.postponed, o.occurred_at, o.template_code, o.group_code, o.salesperson_code, o.campaign_no, o.contact_no, o.contact_company_no, o.cost, o.duration_min) is distinct from (n.canceled, n.postponed, n.occurred_at, n.template_code, n.group_code, n.salesperson_code, n.campaign_no, n.contact_no, n.contact_company_no, n.cost, n.duration_min))
  | 	union all
  | 	select 1, n.occurred_at, n.template_code, n.group_code, n.salesperson_code, n.campaign_no, n.contact_no, n.contact_company_no, n.cost, n.duration_min
  | 	from new_rows n left join old_rows o on o.entry_no = n.entry_no
  | 	where not n.canceled and not n.postponed and (o.entry_no is null
  | 		or (o.canceled, o.postponed, o.occurred_at, o.template_code, o.group_code, o.salesperson_code, o.campaign_no, o.contact_no, o.contact_company_no, o.cost, o.duration_min) is distinct from (n.canceled, n.postponed, n.occurred_at, n.template_code, n.group_code, n.salesperson_code, n.campaign_no, n.contact_no, n.contact_company_no, n.cost, n.duration_min));
  | 		get diagnostics appended = row_count;
  | 		if appended = 0 then
  | 			return null;
  | 		end if;
  | 		last_no := currval(pg_get_serial_sequence('interaction_log_rollup_deltas', 'delta_no'));
  | 		if last_no / 1024 > (last_no - appended) / 1024
  | 			and current_setting('transaction_isolation') = 'read committed' then
  | 			perform interaction_log_fold_rollup(last_no - appended + 1);
  | 		end if;
  | 		return null;
  | 	end
function logged_segments_after_delete() returns trigger language plpgsql
  | begin
  | 		update interaction_log_entries set logged_segment_entry_no = null
  | 		where logged_segment_entry_no in (select entry_no from old_rows);
  | 		return null;
  | 	end
sequence interaction_log_entries_entry_no_seq
sequence interaction_log_events_event_no_seq
sequence interaction_log_rollup_deltas_delta_no_seq
sequence knex_migrations_id_seq
sequence knex_migrations_lock_index_seq
sequence logged_segments_entry_no_seq
