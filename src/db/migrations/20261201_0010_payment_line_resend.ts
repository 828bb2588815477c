import { type Kysely, sql } from 'kysely';

/**
 * 重新发放 (domain canResendLine): a line the bank could not pay may go back to `pending` on its
 * own approved list (failed → pending), and a settled list with such a line back to `approved`
 * (paid → approved, only while it has a pending line again). Everything else the 0005 guards
 * locked stays locked: the names, ID numbers, amounts and the lines themselves.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create or replace function payment_line_guard() returns trigger language plpgsql as $$
    declare st text;
    begin
      if tg_op = 'INSERT' then
        select status into st from payment_list where id = new.list_id;
        if st in ('approved', 'paid') then
          raise exception '发放名单已审批锁定，不能增加人员 (payment list % is locked)', new.list_id;
        end if;
        return new;
      end if;
      select status into st from payment_list where id = old.list_id;
      if not (old.locked or st in ('approved', 'paid')) then
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then
        raise exception '发放名单已审批锁定，不能删除名单人员 (payment line % is locked)', old.id;
      end if;
      if (new.id, new.list_id, new.student_id, new.person_id, new.student_no, new.name, new.id_number,
          new.programme, new.term, new.amount_fen, new.entitled_fen, new.locked, new.school_code,
          new.county_code, new.region_code, new.created_at)
         is distinct from
         (old.id, old.list_id, old.student_id, old.person_id, old.student_no, old.name, old.id_number,
          old.programme, old.term, old.amount_fen, old.entitled_fen, old.locked, old.school_code,
          old.county_code, old.region_code, old.created_at) then
        raise exception '发放名单已审批锁定，只能登记银行发放结果，不能修改名单内容 (payment line % is locked)', old.id;
      end if;
      if new.status is distinct from old.status and not (
           (old.status = 'pending' and new.status in ('paid', 'failed'))
        or (old.status = 'failed' and new.status in ('requeued', 'pending'))) then
        raise exception '发放状态不能从 % 改为 % (payment line % is locked)', old.status, new.status, old.id;
      end if;
      return new;
    end $$`.execute(db);

  await sql`
    create or replace function payment_list_guard() returns trigger language plpgsql as $$
    begin
      if old.status not in ('approved', 'paid') then
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end if;
      if tg_op = 'DELETE' then
        raise exception '发放名单已审批锁定，不能删除 (payment list % is locked)', old.id;
      end if;
      if (new.id, new.programme, new.term, new.school_code, new.policy_version_id, new.created_by,
          new.submitted_by, new.approved_by, new.approved_at, new.county_code, new.region_code)
         is distinct from
         (old.id, old.programme, old.term, old.school_code, old.policy_version_id, old.created_by,
          old.submitted_by, old.approved_by, old.approved_at, old.county_code, old.region_code)
         or (new.status is distinct from old.status
           and not (old.status = 'approved' and new.status = 'paid')
           and not (old.status = 'paid' and new.status = 'approved'
             and exists (select 1 from payment_line where list_id = old.id and status = 'pending'))) then
        raise exception '发放名单已审批锁定，不能修改 (payment list % is locked)', old.id;
      end if;
      return new;
    end $$`.execute(db);
}
